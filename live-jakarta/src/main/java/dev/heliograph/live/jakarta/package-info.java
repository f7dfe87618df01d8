/**
 * The Jakarta adapter: {@link dev.heliograph.live.jakarta.LiveServlets#register} puts the WebSocket endpoint and the HTTP API into a servlet context; hosts implement {@link dev.heliograph.live.jakarta.Authenticator}.
 */
@NullMarked
package dev.heliograph.live.jakarta;

import org.jspecify.annotations.NullMarked;
