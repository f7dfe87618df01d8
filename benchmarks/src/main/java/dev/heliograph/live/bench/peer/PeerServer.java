package dev.heliograph.live.bench.peer;

import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12.1 (EE 11) with the Jakarta WebSocket container initialised, on a loopback port,
 * for the servers the load tool compares Heliograph Live against. Idle timeouts are one hour so
 * idle connections held for a memory measurement are not closed under the harness.
 *
 * <p>Used by the peer servers' {@code main} methods on the main thread.
 */
final class PeerServer {
    static final Duration IDLE_TIMEOUT = Duration.ofHours(1);

    private PeerServer() {}

    /** Starts Jetty on {@code 127.0.0.1:port} after {@code setup} has added servlets to the context. */
    static Server start(int port, Consumer<ServletContextHandler> setup) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        connector.setAcceptQueueSize(4_096);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        JakartaWebSocketServletContainerInitializer.configure(context,
                (servletContext, container) -> container.setDefaultMaxSessionIdleTimeout(IDLE_TIMEOUT.toMillis()));
        setup.accept(context);
        server.setHandler(context);
        server.start();
        return server;
    }

    /** The port the server listens on (useful after starting on port 0). */
    static int localPort(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Reads {@code --port N} from the arguments; 8090 when absent. */
    static int port(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if ("--port".equals(args[i])) {
                try {
                    return Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--port needs a number, got '" + args[i + 1] + "'");
                }
            }
        }
        return 8090;
    }
}
