package dev.heliograph.live.jakarta;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveNode;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

/**
 * Registers the live WebSocket endpoint ({@code /api/live/ws} unless configured otherwise) in a
 * servlet context, and beside it, with the same prefix, the emulated transports of the centrifuge
 * client for networks that let no WebSocket through: {@code /api/live/http_stream},
 * {@code /api/live/sse} and {@code /api/live/emulation} ({@link StreamServlet},
 * {@link EmulationServlet}). Call {@link #register} while the context initialises (from a
 * {@code ServletContainerInitializer}, a {@code ServletContextListener}, or before an embedded
 * server starts), after the container's WebSocket support is set up:
 *
 * <pre>{@code
 * // Jetty 12 (ee11)
 * JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
 *         LiveWebSocket.register(servletContext, node, authenticator, settings));
 * // Tomcat 11: ctx.addServletContainerInitializer(new WsSci(), null) plus LiveServletInitializer
 * }</pre>
 *
 * <p>The endpoint is a servlet, so the host's filters run first; it then authenticates with the
 * host's {@link Authenticator}, checks the Origin, enforces {@code max_connections} and upgrades.
 * The library never closes the {@link LiveNode}: the host owns it.
 */
public final class LiveWebSocket {

    private final LiveWebSocketServlet servlet;

    private LiveWebSocket(LiveWebSocketServlet servlet) {
        this.servlet = servlet;
    }

    /**
     * Maps the endpoint at {@link LiveSettings#webSocketPath()}.
     *
     * @throws IllegalStateException if the context already has a servlet named
     *     {@code heliograph-live-ws} or is no longer initialising
     */
    public static LiveWebSocket register(ServletContext context, LiveNode node, Authenticator authenticator,
            LiveSettings settings) {
        requireNonNull(context, "context");
        requireNonNull(node, "node");
        requireNonNull(authenticator, "authenticator");
        requireNonNull(settings, "settings");
        LiveWebSocketServlet servlet = new LiveWebSocketServlet(node, authenticator, settings);
        ServletRegistration.Dynamic reg = context.addServlet("heliograph-live-ws", servlet);
        if (reg == null) {
            throw new IllegalStateException("a servlet named heliograph-live-ws is already registered in this context");
        }
        reg.addMapping(settings.webSocketPath());
        reg.setAsyncSupported(true);
        // The emulated transports of the centrifuge client, beside the WebSocket: same prefix,
        // same sessions, limits and timers (they live in the WebSocket servlet).
        String prefix = settings.webSocketPath().substring(0, settings.webSocketPath().lastIndexOf('/'));
        addServlet(context, "heliograph-live-http-stream",
                new StreamServlet(node, authenticator, settings, servlet, StreamFraming.HTTP_STREAM), prefix + "/http_stream");
        addServlet(context, "heliograph-live-sse",
                new StreamServlet(node, authenticator, settings, servlet, StreamFraming.SSE), prefix + "/sse");
        addServlet(context, "heliograph-live-emulation",
                new EmulationServlet(node, authenticator, settings, servlet), prefix + "/emulation");
        return new LiveWebSocket(servlet);
    }

    private static void addServlet(ServletContext context, String name, jakarta.servlet.Servlet servlet, String path) {
        ServletRegistration.Dynamic reg = context.addServlet(name, servlet);
        if (reg == null) {
            throw new IllegalStateException("a servlet named " + name + " is already registered in this context");
        }
        reg.addMapping(path);
        reg.setAsyncSupported(true);
    }

    /** Connections open now, counted against {@code max_connections}. */
    public int openConnections() {
        return servlet.openConnections();
    }
}
