package dev.heliograph.live.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.jakarta.LiveServlets;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meters that only the servlet endpoints move, through a real Jetty 12 with the library's
 * WebSocket endpoint and HTTP API: connections open and refused at {@code max_connections}, HTTP
 * publications, push lines parsed and push bodies rejected.
 */
class LiveMeterBinderJettyIT {

    private static final LiveUser ADMIN = new LiveUser("1", "admin", 1, LiveUser.Role.ADMIN);

    private LiveNode node;
    private Server server;
    private int port;
    private SimpleMeterRegistry registry;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        node = LiveNode.builder().settings(LiveSettings.builder().maxConnections(1).build()).build();
        registry = new SimpleMeterRegistry();
        new LiveMeterBinder(node).bindTo(registry);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        server.setHandler(context);
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                LiveServlets.register(servletContext, node,
                        req -> "admin".equals(req.getHeader("X-User")) ? Optional.of(ADMIN) : Optional.empty()));
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        sockets.forEach(WebSocket::abort);
        server.stop();
        node.close();
    }

    private double value(String name, String... tags) {
        Meter meter = registry.find("heliograph.live." + name).tags(Tags.of(tags)).meter();
        assertThat(meter).as(name).isNotNull();
        return meter.measure().iterator().next().getValue();
    }

    /** Opens a WebSocket and sends connect; completes with the close code the server sent, if it closes. */
    private CompletableFuture<Integer> open() {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder().header("X-User", "admin")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/live/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).join();
        sockets.add(ws);
        // a connection over max_connections is closed (3504) as it opens: its close may arrive
        // before this send, which then fails with "Output closed"; the close code is what counts
        ws.sendText("{\"id\":1,\"connect\":{}}", true).handle((sent, failure) -> sent).join();
        return closed;
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-User", "admin").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void connectionsOpenAndRefusedAtTheLimit() {
        open();
        await().atMost(5, TimeUnit.SECONDS).until(() -> value("client.connections") == 1);
        assertThat(value("client.connections.refused")).isZero();

        CompletableFuture<Integer> second = open(); // over max_connections = 1
        assertThat(second).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(3504);
        assertThat(value("client.connections.refused")).isEqualTo(1);
        assertThat(value("client.connections")).isEqualTo(1);

        sockets.get(0).sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        await().atMost(5, TimeUnit.SECONDS).until(() -> value("client.connections") == 0);
        assertThat(value("client.connections.closed")).isEqualTo(1);
    }

    @Test
    void httpPublications() throws Exception {
        HttpResponse<String> r = post("/api/live/publish",
                "{\"channel\":\"grafana/broadcast/metrics\",\"data\":{\"a\":1}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(value("node.publications", "source", "http")).isEqualTo(1);
        assertThat(value("node.publications", "source", "client")).isZero();
    }

    @Test
    void pushLinesParsedAndBodiesRejected() throws Exception {
        HttpResponse<String> ok = post("/api/live/push/telegraf",
                "# a comment\ncpu,host=a usage=1 1000000000\n\ncpu,host=b usage=2 1000000000\nmem used=3 1000000000\n");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(value("push.lines")).isEqualTo(3);
        assertThat(value("node.publications", "source", "push")).isEqualTo(2); // two measurements: two frames
        assertThat(value("node.frame.schema.changes")).isEqualTo(2);

        HttpResponse<String> bad = post("/api/live/push/telegraf", "cpu usage=1\ncpu,host= usage\n");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(value("push.rejected")).isEqualTo(1);
        assertThat(value("push.lines")).isEqualTo(3);
    }
}
