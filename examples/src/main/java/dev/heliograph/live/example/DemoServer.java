package dev.heliograph.live.example;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.jakarta.LiveHttpApi;
import dev.heliograph.live.jakarta.LiveSettings;
import dev.heliograph.live.jakarta.LiveWebSocket;
import dev.heliograph.live.protocol.ProtocolSettings;
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
 * {@code /api/live/publish} and {@code /api/live/list} on one port, behind HTTP Basic / API
 * token sign-in, with the built-in {@code grafana} features and the {@code plugin/testdata}
 * random-walk streams. {@code java -jar examples/target/live-example.jar --help} lists the flags.
 *
 * <p>Also usable in-process (tests): {@link #start} then {@link #close}. Not thread-safe itself;
 * the server it runs is.
 */
public final class DemoServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DemoServer.class.getName());

    private final Server jetty;
    private final ServerConnector connector;
    private final LiveNode node;
    private final Hub hub;
    private final ProtocolSettings protocol;

    private DemoServer(Server jetty, ServerConnector connector, LiveNode node, Hub hub, ProtocolSettings protocol) {
        this.jetty = jetty;
        this.connector = connector;
        this.node = node;
        this.hub = hub;
        this.protocol = protocol;
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(DemoConfig.USAGE);
            return;
        }
        DemoServer server;
        try {
            server = start(DemoConfig.parse(args));
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(DemoConfig.USAGE);
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("error: the server could not start: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "demo-shutdown"));
        System.out.println("Heliograph Live demo on http://localhost:" + server.port()
                + "/  (sign in as admin/admin; WebSocket ws://localhost:" + server.port() + "/api/live/ws)");
    }

    /** Starts a server with {@code args} as on the command line. */
    public static DemoServer start(String... args) throws Exception {
        return start(DemoConfig.parse(args));
    }

    static DemoServer start(DemoConfig config) throws Exception {
        DemoUsers users = config.usersFile() == null ? DemoUsers.builtIn() : DemoUsers.load(config.usersFile());
        Hub hub = createHub(config);
        Duration ping = config.pingInterval();
        Duration pong = ping.compareTo(Duration.ofSeconds(20)) >= 0 ? Duration.ofSeconds(10) : ping.dividedBy(2);
        ProtocolSettings protocol = ProtocolSettings.builder()
                .pingInterval(ping)
                .pongTimeout(pong)
                .messageSizeLimit(-1) // the endpoint enforces [live] message_size_limit
                .build();
        LiveSettings settings = config.liveSettings()
                .protocol(protocol)
                .idleTimeout(Duration.ofMillis(Math.max(120_000, ping.toMillis() * 3)))
                .build();
        LiveNode node = LiveNode.builder()
                .hub(hub)
                .streamHandler("plugin", "testdata", new RandomWalkStreams())
                .build();

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setPort(config.port());
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(new DemoAuthFilter(users)), "/*", EnumSet.of(DispatcherType.REQUEST));
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            LiveWebSocket.register(servletContext, node, DemoAuthFilter.authenticator(), settings);
            LiveHttpApi.register(servletContext, node, DemoAuthFilter.authenticator(), settings);
        });
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            node.close();
            hub.close();
            protocol.close();
            jetty.stop();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "Live demo listening on port " + connector.getLocalPort() + " with " + settings);
        return new DemoServer(jetty, connector, node, hub, protocol);
    }

    /**
     * The engine. HOOK for {@code ha_engine = redis}: the Redis engine ({@code live-redis}) is not
     * in this build yet; when it is, create it here from {@code ha_engine_address},
     * {@code ha_engine_password} and {@code ha_prefix}.
     */
    private static Hub createHub(DemoConfig config) throws ConfigException {
        if (config.haEngine().equals("redis")) {
            throw new ConfigException("[live] ha_engine = redis is not wired into this demo build yet"
                    + " (see DemoServer.createHub); leave ha_engine empty for the in-memory engine");
        }
        return new LocalHub();
    }

    /** The port it listens on (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The node, for tests and embedding. */
    public LiveNode node() {
        return node;
    }

    /** Stops Jetty, the node, the engine and the protocol timers. Idempotent. */
    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping Jetty failed", e);
        }
        node.close();
        hub.close();
        protocol.close();
    }
}
