package dev.heliograph.live.bench.peer;

import jakarta.servlet.ServletContainerInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * Embedded Tomcat 11 with its WebSocket support, on a loopback port, set up as a host application
 * would: one root context with Tomcat's default servlet at {@code /} (as a standalone Tomcat's
 * {@code conf/web.xml} maps it: Tomcat sends a request no servlet maps to a 404 before any filter,
 * so WsFilter's endpoints, like {@code /bare}, need it), Tomcat's {@link WsSci} first, then the
 * server's own initializer, which finds the WebSocket container in the context's attributes. The Tomcat counterpart of
 * {@link PeerServer}, for the fan-out harness's {@code heliograph-tomcat} and {@code bare-tomcat}.
 *
 * <p>The NIO connector is tuned only as a host expecting 15,000+ WebSocket connections would tune
 * it: {@code maxConnections=-1} (no limit; Tomcat's default of 8,192 would leave every further
 * connection unaccepted in the backlog, and the Jetty servers have no such limit) and
 * {@code acceptCount=4096} (the listen backlog, Tomcat's default 100; the same 4,096 as the Jetty
 * servers, which the kernel caps at {@code net.core.somaxconn}). Everything else is Tomcat's
 * default (200 request threads, 20 s connection timeout before the upgrade).
 *
 * <p>Used by the Tomcat servers' {@code main} methods on the main thread.
 */
final class TomcatPeerServer {
    private TomcatPeerServer() {}

    /**
     * Starts Tomcat on {@code 127.0.0.1:port}; {@code setup} runs while the context initialises, after WsSci.
     *
     * @throws IllegalStateException when the connector or the context did not start (Tomcat is stopped then)
     */
    static Tomcat start(int port, ServletContainerInitializer setup) throws Exception {
        Path base = Files.createTempDirectory("tomcat-peer");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxConnections", "-1");
        connector.setProperty("acceptCount", "4096");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMapping("/", "default");
        context.addServletContainerInitializer(new WsSci(), null);
        context.addServletContainerInitializer(setup, null);
        tomcat.start();
        // Tomcat logs a port in use, or an initializer that threw, and runs on without it: fail instead,
        // so the harness never measures whatever else holds the port
        if (connector.getState() != LifecycleState.STARTED || context.getState() != LifecycleState.STARTED) {
            String states = "connector " + connector.getState() + ", context " + context.getState();
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException("Tomcat did not start on 127.0.0.1:" + port + " (" + states
                    + "): see the log above");
        }
        return tomcat;
    }
}
