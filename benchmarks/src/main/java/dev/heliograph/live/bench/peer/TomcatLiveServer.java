package dev.heliograph.live.bench.peer;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.jakarta.Authenticator;
import dev.heliograph.live.jakarta.LiveServletInitializer;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

/**
 * Heliograph Live on embedded Tomcat 11, as a host application runs it: a {@link LiveNode} with
 * the in-memory engine (no {@code ha_engine}), {@code max_connections} unlimited, and
 * {@code grafana/broadcast} as in the demo (presence and join/leave on, the last 100 messages of
 * each channel kept for 5 minutes), registered through the public {@link LiveServletInitializer}
 * after Tomcat's {@code WsSci}: the WebSocket endpoint at {@code /api/live/ws} and the HTTP API
 * ({@code POST /api/live/publish}) under {@code /api/live}. The Tomcat twin of the demo jar the
 * fan-out harness runs as {@code heliograph}, without the demo's page, dashboards and streams.
 *
 * <p>Sign-in is the demo's built-in user: HTTP Basic {@code admin:admin} on the upgrade and the
 * publish, checked by the {@link Authenticator} itself (no filter), so the harness sends the same
 * requests as to the demo. Frames go through the Jakarta async remote (the library's portable
 * path; Jetty's core session is not there).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.heliograph.live.bench.peer.TomcatLiveServer --port 8091}.
 * The node and Tomcat are closed by a shutdown hook (SIGTERM): clients are told to reconnect first.
 */
public final class TomcatLiveServer {
    /** The demo's built-in user, org 1 admin. */
    private static final LiveUser ADMIN = new LiveUser("1", "admin", 1, LiveUser.Role.ADMIN);
    private static final String ADMIN_BASIC = "Basic "
            + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    /** As the demo: how many messages of each {@code grafana/broadcast} channel are kept, and for how long. */
    private static final int BROADCAST_HISTORY_SIZE = 100;
    private static final Duration BROADCAST_HISTORY_TTL = Duration.ofMinutes(5);

    private TomcatLiveServer() {}

    public static void main(String[] args) throws Exception {
        int port = PeerServer.port(args);
        LiveNode node = LiveNode.builder()
                .settings(LiveSettings.builder()
                        .maxConnections(LiveSettings.UNLIMITED)
                        .shutdownTimeout(Duration.ofSeconds(5)) // as the demo: within the harness's 10 s stop
                        .build())
                .broadcastHistory(BROADCAST_HISTORY_SIZE, BROADCAST_HISTORY_TTL)
                .build();
        Tomcat tomcat;
        try {
            tomcat = TomcatPeerServer.start(port, new LiveServletInitializer(node, TomcatLiveServer::admin));
        } catch (Exception e) {
            node.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, tomcat), "tomcat-live-shutdown"));
        System.out.println("Heliograph Live on Tomcat, ws://127.0.0.1:" + port + "/api/live/ws (admin:admin), pid "
                + ProcessHandle.current().pid() + ", " + node.settings());
        tomcat.getServer().await();
    }

    /** The {@link Authenticator}: {@code admin:admin} in HTTP Basic is the admin, anything else nobody. */
    private static Optional<LiveUser> admin(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.trim().equals(ADMIN_BASIC) ? Optional.of(ADMIN) : Optional.empty();
    }

    /** Clients first (3001 "shutdown", within the node's shutdown timeout), then Tomcat. */
    private static void stop(LiveNode node, Tomcat tomcat) {
        long start = System.nanoTime();
        node.close();
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            System.err.println("stopping Tomcat failed: " + e);
        }
        System.out.println("stopped in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
