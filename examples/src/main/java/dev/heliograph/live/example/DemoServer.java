package dev.heliograph.live.example;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.jakarta.LiveServlets;
import dev.heliograph.live.jwt.JwtTokenVerifier;
import dev.heliograph.live.redis.RedisHub;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The runnable demo: an embedded Jetty 12 (ee11) serving {@code /api/live/ws},
 * {@code /api/live/publish}, {@code /api/live/list} and the Telegraf push endpoint
 * {@code /api/live/push/<streamId>} (HTTP POST, and WebSocket for admins) on one port, behind HTTP Basic / API
 * token sign-in, with the built-in {@code grafana} features and the {@code plugin/testdata}
 * random-walk streams. {@code java -jar examples/target/live-example.jar --help} lists the flags.
 *
 * <p>Also usable in-process (tests): {@link #start} then {@link #close}. Not thread-safe itself;
 * the server it runs is.
 */
public final class DemoServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DemoServer.class.getName());
    /** How long a connection may stay silent (Jetty's default, made explicit); WebSockets set their own. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final Server jetty;
    private final ServerConnector connector;
    private final LiveNode node;

    private DemoServer(Server jetty, ServerConnector connector, LiveNode node) {
        this.jetty = jetty;
        this.connector = connector;
        this.node = node;
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(DemoConfig.USAGE);
            return;
        }
        DemoServer server;
        try {
            server = start(DemoConfig.parse(args));
        } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(DemoConfig.USAGE);
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("error: the server could not start: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeWithin(server, EXIT_BOUND), "demo-shutdown"));
        System.out.println("Heliograph Live demo on http://localhost:" + server.port()
                + "/  (sign in as admin/admin; WebSocket ws://localhost:" + server.port() + "/api/live/ws)");
    }

    /** Starts a server with {@code args} as on the command line. */
    public static DemoServer start(String... args) throws Exception {
        return start(DemoConfig.parse(args));
    }

    /** With JWT enabled, channels whose path starts with this need a subscription token. */
    static final String PRIVATE_CHANNEL_PREFIX = "private-";

    /** Connections the kernel may hold for us before we accept them. */
    static final int ACCEPT_QUEUE = 4096;

    /** How many messages of each {@code grafana/broadcast} channel the demo keeps in history. */
    static final int BROADCAST_HISTORY_SIZE = 100;

    /** How long the demo keeps each {@code grafana/broadcast} message in history. */
    static final Duration BROADCAST_HISTORY_TTL = Duration.ofMinutes(5);

    /** The most SIGTERM may take before the process halts anyway. */
    static final Duration EXIT_BOUND = Duration.ofSeconds(10);

    static DemoServer start(DemoConfig config) throws Exception {
        DemoUsers users = config.usersFile() == null ? DemoUsers.builtIn() : DemoUsers.load(config.usersFile());
        DemoDashboards dashboards = new DemoDashboards();
        // the engine comes from [live] ha_engine: in memory, or Redis (live-redis is on our class path)
        LiveNode.Builder builder = LiveNode.builder()
                .settings(config.settings())
                .dashboardAccess(dashboards)
                .streamHandler("plugin", "testdata", new RandomWalkStreams())
                // grafana/broadcast keeps its last 100 messages for 5 minutes: a client that
                // reconnects within that gets what it missed (recovered: true)
                .broadcastHistory(BROADCAST_HISTORY_SIZE, BROADCAST_HISTORY_TTL);
        if (config.jwtHs256Secret() != null) {
            builder.tokenVerifier(JwtTokenVerifier.builder().hs256Secret(config.jwtHs256Secret()).build())
                    .subscriptionTokenRequired(channel -> channel.channel().path().startsWith(PRIVATE_CHANNEL_PREFIX));
        }
        LiveNode node = builder.build();
        reportEngine(node);

        Server jetty = new Server();
        jetty.setStopTimeout(2_000); // the clients are gone by then (node.close() ran first)
        jetty.setStopAtShutdown(false); // our shutdown hook stops it, after the clients were told
        ServerConnector connector = new ServerConnector(jetty);
        connector.setPort(config.port());
        // Slow clients: silence ends a connection after the idle timeout, a trickled request head
        // after the header deadline; request bodies are read asynchronously under the HTTP API's
        // own deadline (LiveSettings.bodyTimeout), so none of them holds a thread.
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        // Jetty's default listen backlog is 50: a crowd reconnecting at once (a network blip, a
        // rolling restart) overflows it and waits for SYN retries. The kernel caps it at
        // net.core.somaxconn (4096 on current Linux).
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        connector.addEventListener(new HeaderDeadline(connector.getScheduler(), config.headerTimeout()));
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.setWelcomeFiles(new String[] {"index.html"}); // the demo page's ResourceServlet serves / as it
        context.addFilter(new FilterHolder(new DemoAuthFilter(users,
                config.jwtHs256Secret() == null ? null : config.settings().webSocketPath())),
                "/*", EnumSet.of(DispatcherType.REQUEST));
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            LiveServlets.register(servletContext, node, DemoAuthFilter.authenticator());
            DemoPage.register(servletContext, node, dashboards, DemoAuthFilter.authenticator());
            DemoMetricsServlet.register(servletContext, node, DemoAuthFilter.authenticator());
        });
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            node.close();
            jetty.stop();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "Live demo listening on port " + connector.getLocalPort() + " with " + node.settings());
        return new DemoServer(jetty, connector, node);
    }

    /**
     * Says which engine serves the node. Redis down at start does not stop the node: it serves
     * its local subscribers and the engine keeps reconnecting in the background (logged as an
     * error here, so nobody misses it).
     */
    private static void reportEngine(LiveNode node) {
        if (!(node.hub() instanceof RedisHub redis)) {
            LOG.log(System.Logger.Level.INFO, "Live engine: in memory (this node only; set [live] ha_engine = redis"
                    + " to share channels between nodes)");
        } else if (!redis.isConnected()) {
            LOG.log(System.Logger.Level.ERROR, "Live engine: " + redis + " CANNOT REACH REDIS. The node starts anyway"
                    + " and serves its local subscribers only; publishes answer 503 until Redis is back (it keeps"
                    + " retrying). Check [live] ha_engine_address and that Redis is running.");
        }
    }

    /** The port it listens on (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The node, for tests and embedding. */
    public LiveNode node() {
        return node;
    }

    /**
     * On SIGTERM: closes the server, and halts the JVM if that has not finished within
     * {@code bound} (a last resort; the node bounds its own shutdown well below it).
     */
    private static void closeWithin(DemoServer server, Duration bound) {
        long start = System.nanoTime();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(bound.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("demo: shutdown did not finish within " + bound.toSeconds() + " s; halting");
            Runtime.getRuntime().halt(1);
        }, "demo-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        server.close();
        watchdog.interrupt();
        LOG.log(System.Logger.Level.INFO, "Live demo stopped in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /**
     * Stops the server: first every client is told to reconnect (3001 "shutdown") and released,
     * with the node's shutdown timeout, then Jetty stops (the node closed the engine and timers it made).
     * Idempotent.
     */
    @Override
    public void close() {
        node.close();
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping Jetty failed", e);
        }
    }
}
