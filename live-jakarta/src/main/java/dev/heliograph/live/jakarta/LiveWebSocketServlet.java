package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.protocol.ProtocolSettings;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/live/ws}: refuses or upgrades. In order: Live disabled
 * ({@code max_connections = 0}) → 503; not a WebSocket upgrade → 400; no user from the
 * {@link Authenticator} → 401; Origin refused → 403 and a warning naming the origin and the
 * setting that would allow it; else the connection is upgraded through
 * {@link ServerContainer#upgradeHttpToWebSocket} to a {@link LiveEndpoint} for that user.
 *
 * <p>Because it is a plain servlet, it runs after the host's filters (its authentication).
 * Called on the container's request threads.
 */
final class LiveWebSocketServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(LiveWebSocketServlet.class.getName());

    private final transient LiveNode node;
    private final transient Authenticator authenticator;
    private final transient LiveSettings settings;
    private final transient OriginCheck originCheck;
    private final transient ConnectionLimiter limiter;
    private transient ProtocolSettings protocol;
    private transient boolean ownsProtocol;

    LiveWebSocketServlet(LiveNode node, Authenticator authenticator, LiveSettings settings) {
        this.node = node;
        this.authenticator = authenticator;
        this.settings = settings;
        this.originCheck = new OriginCheck(settings);
        this.limiter = new ConnectionLimiter(settings.maxConnections());
    }

    @Override
    public void init() {
        protocol = settings.protocol().orElse(null);
        if (protocol == null) {
            // The endpoint enforces message_size_limit itself (in UTF-8 bytes, before decoding).
            protocol = ProtocolSettings.builder().messageSizeLimit(LiveSettings.UNLIMITED).build();
            ownsProtocol = true;
        }
    }

    @Override
    public void destroy() {
        if (ownsProtocol) {
            protocol.close();
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (settings.liveDisabled()) {
            HttpReplies.error(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "Live is disabled on this server ([live] max_connections = 0); set max_connections to a positive"
                            + " number or -1 to enable it");
            return;
        }
        if (!"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
            String why = "WebSocket upgrade headers missing: if a proxy is in front, configure it to pass Upgrade and"
                    + " Connection (nginx: proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade;"
                    + " proxy_set_header Connection $connection_upgrade); expected a WebSocket upgrade (GET with"
                    + " 'Upgrade: websocket'), got a plain " + req.getMethod() + " with Upgrade: " + req.getHeader("Upgrade")
                    + ", Connection: " + req.getHeader("Connection");
            LOG.log(System.Logger.Level.WARNING, why + " (from " + req.getRemoteAddr() + ")");
            HttpReplies.error(resp, HttpServletResponse.SC_BAD_REQUEST, why);
            return;
        }
        Optional<LiveUser> user = authenticator.authenticate(req);
        if (user.isEmpty()) {
            HttpReplies.unauthorized(resp);
            return;
        }
        String refusal = originCheck.refusal(req.getHeader("Origin"), req.getHeader("Host"));
        if (refusal != null) {
            LOG.log(System.Logger.Level.WARNING, "Live WebSocket upgrade refused with 403: " + refusal);
            HttpReplies.error(resp, HttpServletResponse.SC_FORBIDDEN, refusal);
            return;
        }
        ServerContainer container = (ServerContainer) getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new ServletException("no Jakarta WebSocket container in this servlet context: enable WebSocket"
                    + " support (Jetty: JakartaWebSocketServletContainerInitializer.configure; Tomcat: WsSci)");
        }
        LiveEndpoint endpoint = new LiveEndpoint(node, user.get(), settings, protocol, limiter);
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(LiveEndpoint.class, settings.webSocketPath())
                .configurator(new OneEndpoint(endpoint))
                .build();
        try {
            container.upgradeHttpToWebSocket(req, resp, config, Map.of());
        } catch (jakarta.websocket.DeploymentException e) {
            throw new ServletException("WebSocket upgrade failed: " + e.getMessage(), e);
        }
    }

    /** Open connections counted against {@code max_connections}; for tests and metrics. */
    int openConnections() {
        return limiter.open();
    }

    /**
     * Hands the container the endpoint made for this request, accepts every origin (the servlet
     * checked it) and negotiates no extension: permessage-deflate costs a zlib context and
     * buffers per connection.
     */
    private static final class OneEndpoint extends ServerEndpointConfig.Configurator {
        private final LiveEndpoint endpoint;

        OneEndpoint(LiveEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            if (!endpointClass.isAssignableFrom(LiveEndpoint.class)) {
                throw new IllegalArgumentException("unexpected endpoint class " + endpointClass);
            }
            return endpointClass.cast(endpoint);
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return true;
        }

        @Override
        public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
            return List.of();
        }

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            return "";
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            // nothing: the user was resolved before the upgrade
        }
    }

}
