package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.protocol.Disconnect;
import dev.heliograph.live.protocol.WireProtocol;
import dev.heliograph.live.protocol.SessionRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /api/live/ws}: refuses or upgrades. In order: Live disabled
 * ({@code max_connections = 0}) → 503; not a WebSocket upgrade → 400; no user from the
 * {@link Authenticator} → 401; Origin refused → 403 and a warning naming the origin and the
 * setting that would allow it; else the connection is upgraded (see {@link WebSocketUpgrade})
 * to a {@link LiveEndpoint} for that user.
 *
 * <p>Because it is a plain servlet, it runs after the host's filters (its authentication).
 * Called on the container's request threads.
 */
final class LiveWebSocketServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient LiveNode node;
    private final transient Authenticator authenticator;
    private final transient LiveSettings settings;
    private final transient OriginCheck originCheck;
    private final transient ConnectionLimiter limiter;
    private final transient SessionRegistry sessions = new SessionRegistry();

    LiveWebSocketServlet(LiveNode node, Authenticator authenticator) {
        this.node = node;
        this.authenticator = authenticator;
        this.settings = node.settings();
        this.originCheck = new OriginCheck(settings);
        this.limiter = new ConnectionLimiter(settings.maxConnections());
    }

    /** {@code max_connections}, shared by the WebSocket and the emulated connections. */
    ConnectionLimiter limiter() {
        return limiter;
    }

    /** The open connections of this endpoint and the emulated ones, closed by {@link #destroy()}. */
    SessionRegistry sessions() {
        return sessions;
    }

    /**
     * The context is going away: every connection of this endpoint is closed with 3001
     * "shutdown" (the clients reconnect, e.g. to another node), bounded by the node's
     * {@link LiveNode#shutdownTimeout()}. The timers are the node's and stay.
     */
    @Override
    public void destroy() {
        sessions.disconnectAll(Disconnect.SHUTDOWN, node.shutdownTimeout());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (settings.liveDisabled()) {
            HttpReplies.error(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "Live is disabled on this server ([live] max_connections = 0); set max_connections to a positive"
                            + " number or -1 to enable it");
            return;
        }
        if (WebSocketUpgrade.refuseIfNotUpgrade(req, resp, "")) {
            return;
        }
        Optional<LiveUser> user = authenticator.authenticate(req);
        if (user.isEmpty() && node.tokenVerifier() == null) {
            HttpReplies.unauthorized(resp);
            return;
        }
        // Without credentials but with a token verifier, the connect command's token names the user.
        if (WebSocketUpgrade.refuseIfForeignOrigin(originCheck, req, resp, "Live WebSocket")) {
            return;
        }
        LiveEndpoint endpoint = new LiveEndpoint(node, user.orElse(null), limiter, sessions);
        WebSocketUpgrade.upgrade(getServletContext(), req, resp, endpoint, settings.webSocketPath(), "Live WebSocket",
                WireProtocol.subprotocols()); // centrifuge-protobuf when asked for, else JSON
    }

    /** Open connections counted against {@code max_connections}; for tests and metrics. */
    int openConnections() {
        return limiter.open();
    }
}
