package dev.heliograph.live.jakarta;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

/**
 * The one call that puts Live into a servlet context: the WebSocket endpoint at
 * {@link LiveSettings#webSocketPath()} ({@code /api/live/ws}) and the HTTP API under
 * {@link LiveSettings#httpApiPath()} ({@code /api/live}):
 * <ul>
 *   <li>{@code POST <prefix>/publish}: publish to a channel in the caller's org;</li>
 *   <li>{@code GET <prefix>/list}: the org's active managed streams;</li>
 *   <li>{@code POST <prefix>/push/<streamId>}: Influx line protocol into the managed streams
 *       {@code stream/<streamId>/<measurement>} (all or nothing: a bad body is a 400 naming the
 *       line and column);</li>
 *   <li>{@code GET <prefix>/push/<streamId>} upgraded to WebSocket (org admins): one body per
 *       message, a bad one logged and skipped;</li>
 *   <li>{@code <prefix>/control/...} (org admins): disconnect or unsubscribe a user, list a
 *       channel's presence, publish to many channels, on every node ({@link ControlServlet}).</li>
 * </ul>
 * Beside the WebSocket endpoint, under its parent path, go the emulated transports of the
 * centrifuge client for networks that let no WebSocket through: {@code /api/live/http_stream},
 * {@code /api/live/sse} and {@code /api/live/emulation} ({@link StreamServlet},
 * {@link EmulationServlet}); they share the WebSocket's sessions and {@code max_connections}.
 * Every value (paths, limits, pings, origins) comes from the node's {@link LiveNode#settings()}.
 *
 * <p>Call {@link #register} while the context initialises (a {@code ServletContainerInitializer},
 * a {@code ServletContextListener}, Spring's {@code ServletContextInitializer}, or before an
 * embedded server starts), after the container's WebSocket support is set up:
 *
 * <pre>{@code
 * // Jetty 12 (ee11)
 * JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
 *         LiveServlets.register(servletContext, node, authenticator));
 * // Tomcat 11: ctx.addServletContainerInitializer(new WsSci(), null) plus LiveServletInitializer
 * }</pre>
 *
 * <p>The servlets run after the host's filters (its authentication), then ask the host's
 * {@link Authenticator} (401 without a user). {@code POST} bodies are read asynchronously under
 * a deadline, so every filter mapped to these paths must be async-supported. The library never
 * closes the {@link LiveNode}: the host owns it.
 */
public final class LiveServlets {

    private final LiveWebSocketServlet webSocket;

    private LiveServlets(LiveWebSocketServlet webSocket) {
        this.webSocket = webSocket;
    }

    /**
     * Maps the WebSocket endpoint, the emulated transports beside it and the HTTP API.
     *
     * @throws IllegalStateException if the context already has a servlet of the same name
     *     ({@code heliograph-live-*}) or is no longer initialising
     */
    public static LiveServlets register(ServletContext context, LiveNode node, Authenticator authenticator) {
        requireNonNull(context, "context");
        requireNonNull(node, "node");
        requireNonNull(authenticator, "authenticator");
        LiveSettings settings = node.settings();
        LiveWebSocketServlet webSocket = new LiveWebSocketServlet(node, authenticator);
        add(context, "heliograph-live-ws", webSocket, settings.webSocketPath());
        // The emulated transports of the centrifuge client, beside the WebSocket: same prefix,
        // same sessions and limits (they live in the WebSocket servlet).
        String wsParent = settings.webSocketPath().substring(0, settings.webSocketPath().lastIndexOf('/'));
        add(context, "heliograph-live-http-stream",
                new StreamServlet(node, authenticator, webSocket, StreamFraming.HTTP_STREAM), wsParent + "/http_stream");
        add(context, "heliograph-live-sse",
                new StreamServlet(node, authenticator, webSocket, StreamFraming.SSE), wsParent + "/sse");
        add(context, "heliograph-live-emulation", new EmulationServlet(node, authenticator), wsParent + "/emulation");
        String prefix = settings.httpApiPath().equals("/") ? "" : settings.httpApiPath();
        add(context, "heliograph-live-publish", new PublishServlet(node, authenticator, settings), prefix + "/publish");
        add(context, "heliograph-live-list", new ListServlet(node, authenticator), prefix + "/list");
        add(context, "heliograph-live-push", new PushServlet(node, authenticator, settings, prefix + "/push"),
                prefix + "/push/*");
        add(context, "heliograph-live-control", new ControlServlet(node, authenticator, settings), prefix + "/control/*");
        return new LiveServlets(webSocket);
    }

    /** Live connections open now (WebSocket and emulated), counted against {@code max_connections}. */
    public int openConnections() {
        return webSocket.openConnections();
    }

    private static void add(ServletContext context, String name, Servlet servlet, String path) {
        ServletRegistration.Dynamic reg = context.addServlet(name, servlet);
        if (reg == null) {
            throw new IllegalStateException("a servlet named " + name + " is already registered in this context");
        }
        reg.addMapping(path);
        reg.setAsyncSupported(true);
    }
}
