/**
 * The client protocol: Centrifuge v2 JSON over any {@link dev.heliograph.live.protocol.Transport}.
 *
 * <p>An adapter (the Jakarta WebSocket endpoint, a test) creates one
 * {@link dev.heliograph.live.protocol.ClientSession} per authenticated connection, feeds it
 * inbound text and reports the close. The session decodes commands with Jackson's streaming
 * parser (payloads stay raw bytes), answers them in order through the
 * {@link dev.heliograph.live.LiveNode}, encodes each publication once for all subscribers, and
 * writes through a bounded per-connection queue that joins up to 16 messages per frame and
 * closes clients that stop reading (3008). Timings, limits and host hooks (rpc, refresh, send)
 * are in {@link dev.heliograph.live.LiveSettings} (hooks on {@link dev.heliograph.live.LiveNode.Builder}); close codes in
 * {@link dev.heliograph.live.protocol.Disconnect}.
 */
@NullMarked
package dev.heliograph.live.protocol;

import org.jspecify.annotations.NullMarked;
