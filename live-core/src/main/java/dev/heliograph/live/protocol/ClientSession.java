package dev.heliograph.live.protocol;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveUser;

/**
 * SKELETON: one client connection speaking Centrifuge protocol v2 JSON. The protocol work
 * fills it in.
 *
 * <p>Adapters create one per WebSocket connection once the handshake authenticated the user,
 * feed it every inbound text message with {@link #onText}, and call {@link #onTransportClosed}
 * when the connection ends.
 */
public final class ClientSession {

    public ClientSession(LiveNode node, LiveUser user, Transport transport, ProtocolSettings settings) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** One inbound text message (one or more newline-separated commands). Adapter's thread. */
    public void onText(String message) {}

    /** The transport closed (by either side). Idempotent. */
    public void onTransportClosed() {}
}
