package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The steps a servlet takes around a WebSocket upgrade that it checked itself: refusing a
 * request that is not an upgrade (400 and a warning about proxies), refusing a foreign Origin (403 and a warning), and
 * upgrading to an endpoint instance made for this request through
 * {@link ServerContainer#upgradeHttpToWebSocket}. {@link LiveWebSocketServlet} and
 * {@link PushServlet} call them in their own order. Stateless; any request thread.
 */
final class WebSocketUpgrade {
    private static final System.Logger LOG = System.getLogger(WebSocketUpgrade.class.getName());

    private WebSocketUpgrade() {}

    /**
     * Answers 400, logs a warning, and returns true when {@code req} does not ask for a WebSocket
     * upgrade. The usual cause is a proxy that drops the {@code Upgrade} and {@code Connection}
     * headers, so the message says how to configure one and shows the headers that arrived;
     * {@code hint} (may be empty) follows it and says what else the caller may have meant.
     */
    static boolean refuseIfNotUpgrade(HttpServletRequest req, HttpServletResponse resp, String hint) throws IOException {
        if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
            return false;
        }
        String why = "WebSocket upgrade headers missing: if a proxy is in front, configure it to pass Upgrade and"
                + " Connection (nginx: proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade;"
                + " proxy_set_header Connection $connection_upgrade); expected a WebSocket upgrade (GET with"
                + " 'Upgrade: websocket'), got a plain " + req.getMethod() + " with Upgrade: " + req.getHeader("Upgrade")
                + ", Connection: " + req.getHeader("Connection") + hint;
        LOG.log(System.Logger.Level.WARNING, why + " (from " + req.getRemoteAddr() + ")");
        HttpReplies.error(resp, HttpServletResponse.SC_BAD_REQUEST, why);
        return true;
    }

    /**
     * Answers 403 with the reason, logs a warning naming {@code what} is refused, and returns
     * true when {@code originCheck} refuses the request's Origin.
     */
    static boolean refuseIfForeignOrigin(OriginCheck originCheck, HttpServletRequest req, HttpServletResponse resp,
            String what) throws IOException {
        String refusal = originCheck.refusal(req.getHeader("Origin"), req.getHeader("Host"));
        if (refusal == null) {
            return false;
        }
        LOG.log(System.Logger.Level.WARNING, what + " upgrade refused with 403: " + refusal);
        HttpReplies.error(resp, HttpServletResponse.SC_FORBIDDEN, refusal);
        return true;
    }

    /**
     * Upgrades the request to {@code endpoint}, registered at {@code path}, with no extension
     * and no subprotocol ({@link SingleEndpointConfigurator}).
     *
     * @throws ServletException when the context has no Jakarta WebSocket container, or the
     *                          container refuses the upgrade ({@code what} names the socket)
     */
    static void upgrade(ServletContext context, HttpServletRequest req, HttpServletResponse resp, Endpoint endpoint,
            String path, String what) throws ServletException, IOException {
        upgrade(context, req, resp, endpoint, path, what, List.of());
    }

    /**
     * Upgrades like {@link #upgrade(ServletContext, HttpServletRequest, HttpServletResponse,
     * Endpoint, String, String)}, negotiating the first of the client's subprotocols that is in
     * {@code subprotocols} (none when it asks for none of them).
     */
    static void upgrade(ServletContext context, HttpServletRequest req, HttpServletResponse resp, Endpoint endpoint,
            String path, String what, List<String> subprotocols) throws ServletException, IOException {
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new ServletException("no Jakarta WebSocket container in this servlet context: enable WebSocket"
                    + " support (Jetty: JakartaWebSocketServletContainerInitializer.configure; Tomcat: WsSci)");
        }
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(endpoint.getClass(), path)
                .subprotocols(subprotocols)
                .configurator(new SingleEndpointConfigurator(endpoint, subprotocols))
                .build();
        try {
            container.upgradeHttpToWebSocket(req, resp, config, Map.of());
        } catch (DeploymentException e) {
            throw new ServletException(what + " upgrade failed: " + e.getMessage(), e);
        }
    }
}
