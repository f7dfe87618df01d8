package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.util.function.Consumer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Embedded Jetty 12 (ee11) with Jakarta WebSocket, as a host application would set it up. */
final class JettyServers {
    private JettyServers() {}

    static RunningServer start(Consumer<ServletContext> register) throws Exception {
        return start(register, new QueuedThreadPool());
    }

    /**
     * Jetty with the native write path switched off ({@link TextFrameWriter#NATIVE_WRITES_PROPERTY}
     * is false until the server is closed), so the Jakarta fallback runs the contract suites on
     * Jetty too. Test classes run one at a time in the IT JVM, so the property touches no other.
     */
    static RunningServer startJakartaOnly(Consumer<ServletContext> register) throws Exception {
        System.setProperty(TextFrameWriter.NATIVE_WRITES_PROPERTY, "false");
        RunningServer server;
        try {
            server = start(register);
        } catch (Exception | Error e) {
            System.clearProperty(TextFrameWriter.NATIVE_WRITES_PROPERTY);
            throw e;
        }
        return new RunningServer() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() throws Exception {
                try {
                    server.close();
                } finally {
                    System.clearProperty(TextFrameWriter.NATIVE_WRITES_PROPERTY);
                }
            }
        };
    }

    /** With at most {@code maxThreads} threads in its pool (Jetty's default is 200). */
    static RunningServer start(Consumer<ServletContext> register, int maxThreads) throws Exception {
        return start(register, new QueuedThreadPool(maxThreads, Math.min(8, maxThreads)));
    }

    private static RunningServer start(Consumer<ServletContext> register, QueuedThreadPool threads) throws Exception {
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        server.setHandler(context);
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                register.accept(servletContext));
        server.start();
        int port = connector.getLocalPort();
        return new RunningServer() {
            @Override
            public int port() {
                return port;
            }

            /** Undeploys the context first, as a running server does with a webapp, then stops. */
            @Override
            public void close() throws Exception {
                context.stop();
                server.stop();
            }
        };
    }
}
