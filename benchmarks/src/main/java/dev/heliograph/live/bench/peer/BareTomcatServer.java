package dev.heliograph.live.bench.peer;

import jakarta.servlet.ServletException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import org.apache.catalina.startup.Tomcat;

/**
 * {@link BareEndpointServer}'s floor on embedded Tomcat 11: the same endpoint at {@code /bare}
 * (one pre-built String per publication handed to every subscriber's async remote) and the same
 * {@code POST /api/live/publish} servlet, registered by {@link BareEndpointServer#register}, so
 * Heliograph Live on Tomcat ({@link TomcatLiveServer}) has its floor measured in the same container.
 * The one difference Tomcat imposes: one send in flight per session, the rest queued
 * ({@link OneInFlightSender}); Tomcat refuses overlapping sends, which Jetty queues itself.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.heliograph.live.bench.peer.BareTomcatServer --port 8091},
 * endpoint {@code ws://127.0.0.1:8091/bare}. Handlers run on Tomcat's threads.
 */
public final class BareTomcatServer {
    private BareTomcatServer() {}

    public static void main(String[] args) throws Exception {
        int port = PeerServer.port(args);
        Tomcat tomcat = TomcatPeerServer.start(port, (classes, context) -> {
            try {
                BareEndpointServer.register(context,
                        (ServerContainer) context.getAttribute(ServerContainer.class.getName()),
                        BareEndpointServer.OneInFlightAckEndpoint.class);
            } catch (DeploymentException e) {
                throw new ServletException(e);
            }
        });
        System.out.println("bare Jakarta endpoint on Tomcat, ws://127.0.0.1:" + port + "/bare, pid "
                + ProcessHandle.current().pid());
        tomcat.getServer().await();
    }
}
