package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.testing.GatedHub;
import jakarta.servlet.ServletContext;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The push endpoints ({@code /api/live/push/<streamId>}, HTTP and WebSocket) on a real container,
 * with real HTTP and WebSocket clients and a real subscriber on {@code /api/live/ws}. Each
 * container runs it through a small subclass.
 */
abstract class PushEndpointContractIT {

    protected abstract RunningServer start(Consumer<ServletContext> register) throws Exception;

    private static final String CPU = "cpu,host=a usage_idle=98.5,usage_user=1.25 1700000000000000000\n"
            + "cpu,host=b usage_idle=97,usage_user=2 1700000000000000000\n";

    private GatedHub hub;
    private LiveNode node;
    private RunningServer server;
    private WebSocketClient wsClient;
    private LogCapture logs;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        hub = new GatedHub(new LocalHub());
        wsClient = new WebSocketClient();
        wsClient.start();
        logs = new LogCapture();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        wsClient.stop();
        if (server != null) {
            server.close();
        }
        if (node != null) {
            node.close();
        }
        hub.close();
        logs.close();
    }

    private void serve(UnaryOperator<LiveSettings.Builder> settings) throws Exception {
        node = LiveNode.builder().hub(hub).settings(settings.apply(LiveSettings.builder()).build()).build();
        server = start(ctx -> LiveServlets.register(ctx, node, TestUsers::authenticate));
    }

    private void serve() throws Exception {
        serve(b -> b);
    }

    private LiveTestClient subscriber(String channel) throws Exception {
        LiveTestClient c = new LiveTestClient();
        closeables.add(c::close);
        LiveTestClient.open(wsClient, c, server.ws("/api/live/ws"), LiveTestClient.bearer("alice-token"), null).get(10, TimeUnit.SECONDS);
        c.answerPings();
        c.connect();
        assertThat(c.subscribe(channel).has("subscribe")).isTrue();
        return c;
    }

    private HttpResponse<String> push(String path, String token, HttpRequest.BodyPublisher body, String contentType)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.http(path)).POST(body).header("Content-Type", contentType);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> push(String path, String token, String body) throws Exception {
        return push(path, token, HttpRequest.BodyPublishers.ofString(body), "text/plain; charset=utf-8");
    }

    private JsonNode list(String token) throws Exception {
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(server.http("/api/live/list"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).isEqualTo(200);
        return LiveTestClient.JSON.readTree(resp.body()).path("channels");
    }

    private static JsonNode json(String s) throws Exception {
        return LiveTestClient.JSON.readTree(s);
    }

    @Test
    @DisplayName("a POSTed body answers 200 with no body; subscribers get the full frame, then data only while the schema holds")
    void postReachesSubscribers() throws Exception {
        serve();
        LiveTestClient sub = subscriber("1/stream/telegraf/cpu");

        HttpResponse<String> first = push("/api/live/push/telegraf", "alice-token", CPU);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEmpty();
        JsonNode full = sub.awaitPublication("1/stream/telegraf/cpu", d -> d.has("schema"));
        assertThat(full.path("push").path("pub").path("data").path("schema").path("name").asText()).isEqualTo("cpu");
        assertThat(full.path("push").path("pub").path("data").path("data").path("values").get(0))
                .isEqualTo(json("[\"host=a\",\"host=b\"]"));

        assertThat(push("/api/live/push/telegraf", "alice-token", CPU.replace("98.5", "50")).statusCode()).isEqualTo(200);

        JsonNode dataOnly = sub.awaitPublication("1/stream/telegraf/cpu", d -> !d.has("schema"));
        assertThat(dataOnly.path("push").path("pub").path("data").path("data").path("values").get(2).get(0).asDouble())
                .isEqualTo(50.0);
        JsonNode channels = list("alice-token");
        assertThat(channels).hasSize(1);
        assertThat(channels.get(0).path("channel").asText()).isEqualTo("stream/telegraf/cpu");
        assertThat(channels.get(0).path("minute_rate").asLong()).isEqualTo(2);
        assertThat(channels.get(0).path("data").path("schema").path("fields").get(2).path("name").asText())
                .isEqualTo("usage_idle");
        assertThat(channels.get(0).path("data").has("data")).as("the list shows the schema only").isFalse();
    }

    @Test
    @DisplayName("gf_live_frame_format=wide pushes one frame per measurement and time with the tags as field labels")
    void wideFormat() throws Exception {
        serve();

        assertThat(push("/api/live/push/wide?gf_live_frame_format=wide", "alice-token", "mem,host=a used=1i 1000000\n")
                .statusCode()).isEqualTo(200);

        JsonNode fields = list("alice-token").get(0).path("data").path("schema").path("fields");
        assertThat(fields.get(0).path("name").asText()).isEqualTo("time");
        assertThat(fields.get(1).path("name").asText()).isEqualTo("used");
        assertThat(fields.get(1).path("labels")).isEqualTo(json("{\"host\":\"a\"}"));
    }

    @Test
    @DisplayName("an unknown gf_live_frame_format is answered 400 naming the valid formats")
    void unknownFormat() throws Exception {
        serve();

        HttpResponse<String> resp = push("/api/live/push/telegraf?gf_live_frame_format=tall", "alice-token", CPU);

        assertThat(resp.statusCode()).isEqualTo(400);
        assertThat(resp.body()).contains("\\\"tall\\\"").contains("labels_column").contains("wide");
        assertThat(list("alice-token")).isEmpty();
    }

    @Test
    @DisplayName("a body with a bad line is answered 400 naming its line and column, and none of its lines is pushed")
    void badBody() throws Exception {
        serve();

        HttpResponse<String> resp = push("/api/live/push/telegraf", "alice-token",
                "cpu usage=1 1000\nmem used=2 1000\nmem used 3 1000\n");

        assertThat(resp.statusCode()).isEqualTo(400);
        JsonNode body = json(resp.body());
        assertThat(body.path("line").asInt()).isEqualTo(3);
        assertThat(body.path("column").asInt()).isEqualTo(9);
        assertThat(body.path("message").asText()).contains("line 3, column 9").contains("nothing was pushed");
        assertThat(list("alice-token")).as("the good lines before the bad one were not pushed").isEmpty();
    }

    @Test
    @DisplayName("a body whose lines keep naming new fields is answered 400 naming the line and the cell limit, and nothing is pushed")
    void framesTooLarge() throws Exception {
        serve();
        StringBuilder body = new StringBuilder("cpu usage=1 1000\n");
        for (int i = 0; i < 2_000; i++) {
            body.append("sparse f").append(i).append("=1 1000\n");
        }

        HttpResponse<String> resp = push("/api/live/push/telegraf", "alice-token", body.toString());

        assertThat(resp.statusCode()).isEqualTo(400);
        JsonNode answer = json(resp.body());
        assertThat(answer.path("line").asInt()).as("317 x 317 passes 100,000 cells").isEqualTo(1 + 317);
        assertThat(answer.path("message").asText()).contains("nothing was pushed").contains("line 318")
                .contains("more than 100,000 cells").contains("measurement \"sparse\"")
                .contains("gf_live_frame_format=wide");
        assertThat(list("alice-token")).as("the line before the sparse ones was not pushed either").isEmpty();

        assertThat(push("/api/live/push/telegraf?gf_live_frame_format=wide", "alice-token", body.toString())
                .statusCode()).as("wide makes no empty cells").isEqualTo(200);
    }

    @Test
    @DisplayName("an invalid stream id or a measurement that cannot be a channel path is answered 400 with the channel rule")
    void invalidStreamOrMeasurement() throws Exception {
        serve();

        HttpResponse<String> badId = push("/api/live/push/tele%20graf", "alice-token", CPU);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("invalid stream id 'tele graf'").contains("allowed: A-Z a-z 0-9 _ . -");

        HttpResponse<String> nested = push("/api/live/push/a/b", "alice-token", CPU);
        assertThat(nested.statusCode()).isEqualTo(400);
        assertThat(nested.body()).contains("'a/b'");

        HttpResponse<String> missing = push("/api/live/push/", "alice-token", CPU);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("stream id is missing");

        HttpResponse<String> badMeasurement = push("/api/live/push/telegraf", "alice-token",
                "cpu v=1 1000\nwin:disk v=2 1000\n");
        assertThat(badMeasurement.statusCode()).isEqualTo(400);
        assertThat(badMeasurement.body()).contains("measurement 'win:disk'").contains("nothing was pushed");
        assertThat(list("alice-token")).isEmpty();
    }

    @Test
    @DisplayName("a body over the limit is answered 413, by Content-Length before the body is sent and while reading a chunked one")
    void tooLarge() throws Exception {
        serve(b -> b.pushBodyLimit(1024));
        String big = "cpu v=1 1000\n".repeat(200);

        // Only the headers are sent: the answer must come without the server waiting for the body.
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/live/push/telegraf HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer alice-token\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\n"
                    + "Content-Length: " + big.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status.startsWith("HTTP/1.1 100")) { // Tomcat says "continue" before the servlet runs
                in.readLine();
                status = in.readLine();
            }
            assertThat(status).startsWith("HTTP/1.1 413");
            String line;
            StringBuilder rest = new StringBuilder();
            while ((line = in.readLine()) != null && !line.startsWith("{")) {
                rest.append(line).append('\n');
            }
            assertThat(line).as("413 body after headers %s", rest).contains("is " + big.length() + " bytes").contains("1024");
        }

        HttpResponse<String> chunked = push("/api/live/push/telegraf", "alice-token",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())), "text/plain");
        assertThat(chunked.statusCode()).isEqualTo(413);

        assertThat(push("/api/live/push/telegraf", "alice-token", "cpu v=1 1000\n").statusCode()).isEqualTo(200);
        assertThat(list("alice-token")).hasSize(1);
    }

    @Test
    @DisplayName("a form-encoded POST (curl -d) is still read as line protocol, not as a form")
    void curlDefaultContentType() throws Exception {
        serve();

        HttpResponse<String> resp = push("/api/live/push/curl?gf_live_frame_format=labels_column", "alice-token",
                HttpRequest.BodyPublishers.ofString("cpu,host=a v=1 1000"), "application/x-www-form-urlencoded");

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(list("alice-token").get(0).path("channel").asText()).isEqualTo("stream/curl/cpu");
    }

    @Test
    @DisplayName("without credentials POST and the WebSocket are refused with 401; below the configured role with 403")
    void authentication() throws Exception {
        serve(b -> b.pushHttpMinimumRole(LiveUser.Role.EDITOR));

        assertThat(push("/api/live/push/telegraf", null, CPU).statusCode()).isEqualTo(401);
        assertThat(push("/api/live/push/telegraf", "wrong-token", CPU).statusCode()).isEqualTo(401);
        HttpResponse<String> viewer = push("/api/live/push/telegraf", "bob-token", CPU);
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(viewer.body()).contains("EDITOR").contains("'bob' is VIEWER");
        assertThat(push("/api/live/push/telegraf", "alice-token", CPU).statusCode()).isEqualTo(200);
        try (SilentWebSocket anonymous = new SilentWebSocket(server.port(), "/api/live/push/telegraf", "nobody")) {
            assertThat(anonymous.status()).isEqualTo(401);
        }
    }

    @Test
    @DisplayName("pushes go to the caller's org only")
    void orgIsolation() throws Exception {
        serve();

        assertThat(push("/api/live/push/telegraf", "carol-token", CPU).statusCode()).isEqualTo(200);

        assertThat(list("alice-token")).isEmpty();
        assertThat(list("carol-token")).hasSize(1);
    }

    @Test
    @DisplayName("POST answers 503 while the engine cannot reach its backend")
    void engineDown() throws Exception {
        serve();
        hub.failing(true);

        HttpResponse<String> resp = push("/api/live/push/telegraf", "alice-token", CPU);

        assertThat(resp.statusCode()).isEqualTo(503);
        assertThat(resp.body()).contains("try again");
    }

    @Test
    @DisplayName("the push WebSocket is refused with 403 before the upgrade for anyone but an org admin")
    void webSocketNeedsAdmin() throws Exception {
        serve();

        try (SilentWebSocket editor = new SilentWebSocket(server.port(), "/api/live/push/telegraf", "alice-token")) {
            assertThat(editor.status()).isEqualTo(403);
        }
        try (SilentWebSocket admin = new SilentWebSocket(server.port(), "/api/live/push/telegraf", "dave-token")) {
            assertThat(admin.status()).isEqualTo(101);
        }
    }

    @Test
    @DisplayName("each push WebSocket message (text or binary) is one body; a bad one is logged with line and column and skipped, the connection stays")
    void webSocketPush() throws Exception {
        serve();
        LiveTestClient sub = subscriber("1/stream/ws/cpu");
        PushSocket pusher = PushSocket.open(http, server.ws("/api/live/push/ws"), LiveTestClient.bearer("dave-token"));
        closeables.add(pusher);

        pusher.sendText("cpu,host=a v=1 1000\n");
        sub.awaitPublication("1/stream/ws/cpu", d -> d.has("schema"));

        pusher.sendText("cpu,host=a v=2 2000\ncpu,host=a v 3000\n");
        await().atMost(LiveTestClient.WAIT).until(() -> logs.warnings.stream()
                .anyMatch(w -> w.contains("skipped") && w.contains("line 2, column 13")));

        pusher.sendBinary("cpu,host=a v=4 4000\n");
        JsonNode after = sub.awaitPublication("1/stream/ws/cpu", d -> !d.has("schema"));
        assertThat(after.path("push").path("pub").path("data").path("data").path("values").get(2).get(0).asDouble())
                .as("the line before the bad one in the skipped message was not pushed").isEqualTo(4.0);
        assertThat(pusher.isClosed()).isFalse();
        assertThat(list("dave-token").get(0).path("minute_rate").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("a push WebSocket message whose frames would pass the cell limit is logged with its line and skipped, the connection stays")
    void webSocketFramesTooLarge() throws Exception {
        serve();
        LiveTestClient sub = subscriber("1/stream/ws/cpu");
        PushSocket pusher = PushSocket.open(http, server.ws("/api/live/push/ws"), LiveTestClient.bearer("dave-token"));
        closeables.add(pusher);
        StringBuilder sparse = new StringBuilder("cpu,host=a v=1 1000\n");
        for (int i = 0; i < 2_000; i++) {
            sparse.append("sparse f").append(i).append("=1 1000\n");
        }

        pusher.sendText(sparse.toString());
        await().atMost(LiveTestClient.WAIT).until(() -> logs.warnings.stream()
                .anyMatch(w -> w.contains("skipped") && w.contains("line 318") && w.contains("100,000 cells")));

        pusher.sendText("cpu,host=a v=2 2000\n");
        JsonNode first = sub.awaitPublication("1/stream/ws/cpu", d -> d.has("schema"));
        assertThat(first.path("push").path("pub").path("data").path("data").path("values").get(2).get(0).asDouble())
                .as("the cpu line of the skipped message was not pushed").isEqualTo(2.0);
        assertThat(pusher.isClosed()).isFalse();
    }

    @Test
    @DisplayName("a push WebSocket message over the limit closes the connection with 1009")
    void webSocketMessageTooBig() throws Exception {
        serve(b -> b.pushMessageLimit(1024));
        PushSocket pusher = PushSocket.open(http, server.ws("/api/live/push/ws"), LiveTestClient.bearer("dave-token"));
        closeables.add(pusher);

        pusher.sendText("cpu v=1 1000\n".repeat(100));

        assertThat(pusher.awaitCloseCode()).isEqualTo(1009);
    }

    @Test
    @DisplayName("the server pings push WebSockets; one that stops answering is closed with 3012, one that answers stays")
    void pings() throws Exception {
        serve(b -> b.pingInterval(Duration.ofMillis(300)).pongTimeout(Duration.ofMillis(150)));
        PushSocket answering = PushSocket.open(http, server.ws("/api/live/push/ws"), LiveTestClient.bearer("dave-token"));
        closeables.add(answering);

        try (SilentWebSocket silent = new SilentWebSocket(server.port(), "/api/live/push/ws", "dave-token")) {
            assertThat(silent.status()).isEqualTo(101);
            assertThat(silent.awaitClose()).isEqualTo(3012);
            assertThat(silent.pings()).isGreaterThanOrEqualTo(1);
        }

        // the answering client has seen at least the same pings, and more rounds pass before we push;
        // the subscriber gets the same ping_interval on its protocol connection and answers it
        LiveTestClient sub = subscriber("1/stream/ws/cpu");
        try (SilentWebSocket second = new SilentWebSocket(server.port(), "/api/live/push/ws", "dave-token")) {
            assertThat(second.awaitClose()).isEqualTo(3012);
        }
        assertThat(answering.isClosed()).isFalse();
        answering.sendText("cpu v=1 1000\n");
        sub.awaitPublication("1/stream/ws/cpu", d -> d.has("schema"));
    }
}
