package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telegraf's path end to end against the real demo server: line protocol POSTed with a real HTTP
 * client (as {@code curl} or Telegraf's {@code outputs.http} would) or sent over the push WebSocket
 * (as {@code outputs.websocket} would) reaches WebSocket subscribers as data frames, full first and
 * data-only after; a late subscriber gets the last frame in its subscribe reply; the list API shows
 * the stream.
 */
@DisplayName("Telegraf push against the demo server")
class TelegrafPushIT {
    private static final String ADMIN = ProtocolClient.basic("admin", "admin");

    @TempDir
    Path dir;
    private DemoServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "admin:admin:1:Admin\nviewer:viewer:1:Viewer\n");
        server = DemoServer.start("--port", "0", "--users-file", users.toString());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        server.close();
    }

    private URI http(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(http(path)).header("Authorization", ADMIN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private ProtocolClient subscriber(String channel, JsonNode[] subscribeReply) throws Exception {
        ProtocolClient c = ProtocolClient.open(http, ws("/api/live/ws"), ADMIN);
        clients.add(c);
        assertThat(c.call("connect", "{\"name\":\"e2e\"}").path("connect").path("client").asText()).isNotBlank();
        JsonNode reply = c.call("subscribe", "{\"channel\":\"" + channel + "\"}");
        assertThat(reply.has("subscribe")).as("subscribe reply %s", reply).isTrue();
        subscribeReply[0] = reply;
        return c;
    }

    private JsonNode list() throws Exception {
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(http("/api/live/list")).header("Authorization", ADMIN)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).isEqualTo(200);
        return ProtocolClient.JSON.readTree(resp.body()).path("channels");
    }

    private static String cpu(double idle, long seconds) {
        return "cpu,cpu=cpu-total,host=demo usage_idle=" + idle + ",usage_system=1.5,usage_user=2.5 " + seconds
                + "000000000\n"
                + "mem,host=demo used_percent=41.5,available=8123456i " + seconds + "000000000\n";
    }

    @Test
    @DisplayName("a POSTed body reaches a subscriber as a full frame then data only; a late subscriber gets the last frame; the list shows rate and schema")
    void httpPush() throws Exception {
        JsonNode[] firstReply = new JsonNode[1];
        ProtocolClient early = subscriber("1/stream/e2e/cpu", firstReply);
        assertThat(firstReply[0].path("subscribe").has("data")).as("nothing cached yet").isFalse();

        HttpResponse<String> first = post("/api/live/push/e2e", cpu(97.0, 1_700_000_000));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEmpty();
        assertThat(post("/api/live/push/e2e", cpu(96.0, 1_700_000_001)).statusCode()).isEqualTo(200);
        assertThat(post("/api/live/push/e2e", cpu(95.0, 1_700_000_002)).statusCode()).isEqualTo(200);

        await().atMost(ProtocolClient.WAIT).until(() -> early.publications("1/stream/e2e/cpu").size() == 3);
        List<JsonNode> frames = early.publications("1/stream/e2e/cpu");
        assertThat(frames.get(0).path("schema").path("name").asText()).isEqualTo("cpu");
        assertThat(frames.get(0).path("schema").path("fields").findValuesAsText("name"))
                .containsExactly("labels", "time", "usage_idle", "usage_system", "usage_user");
        assertThat(frames.get(0).path("data").path("values").get(1).get(0).asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(frames.get(1).has("schema")).as("same schema: data only").isFalse();
        assertThat(frames.get(2).has("schema")).isFalse();
        assertThat(frames.get(2).path("data").path("values").get(2).get(0).asDouble()).isEqualTo(95.0);

        JsonNode[] lateReply = new JsonNode[1];
        subscriber("1/stream/e2e/cpu", lateReply);
        JsonNode initial = lateReply[0].path("subscribe").path("data");
        assertThat(initial.has("schema")).as("the late subscriber gets the whole last frame: %s", initial).isTrue();
        assertThat(initial.path("data").path("values").get(2).get(0).asDouble()).isEqualTo(95.0);

        JsonNode channels = list();
        assertThat(channels.findValuesAsText("channel")).containsExactly("stream/e2e/cpu", "stream/e2e/mem");
        assertThat(channels.get(0).path("minute_rate").asLong()).isEqualTo(3);
        assertThat(channels.get(1).path("data").path("schema").path("fields").findValuesAsText("name"))
                .containsExactly("labels", "time", "available", "used_percent");
    }

    @Test
    @DisplayName("a bad POSTed body is answered 400 naming line and column, and nothing is pushed")
    void httpBadBody() throws Exception {
        HttpResponse<String> resp = post("/api/live/push/e2e", "cpu usage=1\ncpu usage=\"open\n");

        assertThat(resp.statusCode()).isEqualTo(400);
        assertThat(resp.body()).contains("line 2");
        assertThat(list()).isEmpty();
    }

    @Test
    @DisplayName("the push WebSocket delivers the same way; a bad message is skipped and the connection stays; viewers are refused")
    void webSocketPush() throws Exception {
        JsonNode[] reply = new JsonNode[1];
        ProtocolClient sub = subscriber("1/stream/telegraf/cpu", reply);
        ProtocolClient pusher = ProtocolClient.open(http, ws("/api/live/push/telegraf"), ADMIN);
        clients.add(pusher);

        pusher.sendBinary(cpu(90.0, 1_700_000_010));
        pusher.sendText("cpu,host=demo usage_idle=oops 1700000000000000000\n");
        pusher.sendText(cpu(91.0, 1_700_000_011));

        await().atMost(ProtocolClient.WAIT).until(() -> sub.publications("1/stream/telegraf/cpu").size() == 2);
        List<JsonNode> frames = sub.publications("1/stream/telegraf/cpu");
        assertThat(frames.get(0).has("schema")).isTrue();
        assertThat(frames.get(1).has("schema")).isFalse();
        assertThat(frames.get(1).path("data").path("values").get(2).get(0).asDouble()).isEqualTo(91.0);
        assertThat(pusher.isClosed()).as("a bad message does not close the push connection").isFalse();
        assertThat(list().get(0).path("minute_rate").asLong()).isEqualTo(2);

        HttpResponse<String> viewer = http.send(HttpRequest.newBuilder(http("/api/live/push/telegraf"))
                .header("Authorization", ProtocolClient.basic("viewer", "viewer")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(viewer.statusCode()).isEqualTo(403);
    }
}
