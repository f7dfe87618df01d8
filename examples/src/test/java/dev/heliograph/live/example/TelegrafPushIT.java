package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.jakarta.LiveTestClient;
import dev.heliograph.live.jakarta.PushSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.WebSocketClient;
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
 * the stream. A body with every default Telegraf input plugin's lines (resource
 * {@code telegraf-default-inputs.lp}) comes out, over both, as the frames {@link ExpectedFrames}
 * works out on its own.
 */
@DisplayName("Telegraf push against the demo server")
class TelegrafPushIT {
    private static final String ADMIN = LiveTestClient.basic("admin", "admin");
    private static final String DEFAULT_INPUTS = resource("/telegraf-default-inputs.lp");
    private static final List<String> DEFAULT_MEASUREMENTS =
            List.of("cpu", "mem", "disk", "diskio", "net", "system", "processes", "swap", "kernel");

    @TempDir
    Path dir;
    private DemoServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocketClient ws = new WebSocketClient();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        ws.start();
        Path users = Files.writeString(dir.resolve("users"), "admin:admin:1:Admin\nviewer:viewer:1:Viewer\n");
        server = DemoServer.start("--port", "0", "--users-file", users.toString());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        ws.stop();
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

    private LiveTestClient subscriber(String channel, JsonNode[] subscribeReply) throws Exception {
        LiveTestClient c = new LiveTestClient();
        LiveTestClient.open(ws, c, ws("/api/live/ws"), ADMIN, null).get(10, TimeUnit.SECONDS);
        clients.add(c::close);
        assertThat(c.connect()).isNotBlank();
        JsonNode reply = c.subscribe(channel);
        assertThat(reply.has("subscribe")).as("subscribe reply %s", reply).isTrue();
        subscribeReply[0] = reply;
        return c;
    }

    private JsonNode list() throws Exception {
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(http("/api/live/list")).header("Authorization", ADMIN)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).isEqualTo(200);
        return LiveTestClient.JSON.readTree(resp.body()).path("channels");
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
        LiveTestClient early = subscriber("1/stream/e2e/cpu", firstReply);
        assertThat(firstReply[0].path("subscribe").has("data")).as("nothing cached yet").isFalse();

        HttpResponse<String> first = post("/api/live/push/e2e", cpu(97.0, 1_700_000_000));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEmpty();
        assertThat(post("/api/live/push/e2e", cpu(96.0, 1_700_000_001)).statusCode()).isEqualTo(200);
        assertThat(post("/api/live/push/e2e", cpu(95.0, 1_700_000_002)).statusCode()).isEqualTo(200);

        await().atMost(LiveTestClient.WAIT).until(() -> early.publicationData("1/stream/e2e/cpu").size() == 3);
        List<JsonNode> frames = early.publicationData("1/stream/e2e/cpu");
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
        LiveTestClient sub = subscriber("1/stream/telegraf/cpu", reply);
        PushSocket pusher = PushSocket.open(http, ws("/api/live/push/telegraf"), ADMIN);
        clients.add(pusher);

        pusher.sendBinary(cpu(90.0, 1_700_000_010));
        pusher.sendText("cpu,host=demo usage_idle=oops 1700000000000000000\n");
        pusher.sendText(cpu(91.0, 1_700_000_011));

        await().atMost(LiveTestClient.WAIT).until(() -> sub.publicationData("1/stream/telegraf/cpu").size() == 2);
        List<JsonNode> frames = sub.publicationData("1/stream/telegraf/cpu");
        assertThat(frames.get(0).has("schema")).isTrue();
        assertThat(frames.get(1).has("schema")).isFalse();
        assertThat(frames.get(1).path("data").path("values").get(2).get(0).asDouble()).isEqualTo(91.0);
        assertThat(pusher.isClosed()).as("a bad message does not close the push connection").isFalse();
        assertThat(list().get(0).path("minute_rate").asLong()).isEqualTo(2);

        HttpResponse<String> viewer = http.send(HttpRequest.newBuilder(http("/api/live/push/telegraf"))
                .header("Authorization", LiveTestClient.basic("viewer", "viewer")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(viewer.statusCode()).isEqualTo(403);
    }

    private static String resource(String name) {
        try (var in = TelegrafPushIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " is missing", e);
        }
    }

    /** The full frame the frame cache holds for {@code stream/<streamId>/<measurement>} of org 1. */
    private Optional<JsonNode> cached(String streamId, String measurement) {
        return server.node().hub().frameCache().get(OrgChannel.of(1, "stream/" + streamId + "/" + measurement))
                .map(f -> {
                    try {
                        return LiveTestClient.JSON.readTree(f.fullFrame().toString());
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** Asserts that a labels_column frame has exactly the expected columns, labels, times and values. */
    private static void assertFrame(JsonNode frame, ExpectedFrames.Frame expected) {
        String m = expected.measurement();
        List<String> names = new ArrayList<>(List.of("labels", "time"));
        names.addAll(expected.columns());
        assertThat(frame.path("schema").path("name").asText()).isEqualTo(m);
        assertThat(frame.path("schema").path("fields").findValuesAsText("name")).as(m).containsExactlyElementsOf(names);
        JsonNode values = frame.path("data").path("values");
        List<ExpectedFrames.Row> rows = expected.rows();
        for (int r = 0; r < rows.size(); r++) {
            assertThat(values.get(0).get(r).asText()).as("%s labels row %d", m, r).isEqualTo(rows.get(r).labels());
            assertThat(values.get(1).get(r).asLong()).as("%s time row %d", m, r).isEqualTo(rows.get(r).timeMillis());
        }
        for (int c = 0; c < expected.columns().size(); c++) {
            String column = expected.columns().get(c);
            JsonNode cells = values.get(2 + c);
            assertThat(cells).as("%s.%s", m, column).hasSize(rows.size());
            List<Object> got = new ArrayList<>();
            cells.forEach(cell -> got.add(cell.isNull() ? null : cell.isNumber() ? cell.asDouble()
                    : cell.isBoolean() ? (Object) cell.asBoolean() : cell.asText()));
            assertThat(got).as("%s.%s", m, column).containsExactlyElementsOf(expected.column(column));
        }
    }

    private void assertDefaultInputFrames(String streamId) {
        Map<String, ExpectedFrames.Frame> expected = ExpectedFrames.of(DEFAULT_INPUTS);
        assertThat(expected.keySet()).containsExactlyElementsOf(DEFAULT_MEASUREMENTS);
        for (String m : DEFAULT_MEASUREMENTS) {
            assertFrame(cached(streamId, m).orElseThrow(() -> new AssertionError("no frame for " + m)), expected.get(m));
        }
        JsonNode mem = cached(streamId, "mem").orElseThrow();
        assertThat(mem.path("schema").path("fields")).as("labels, time and the 34 mem fields").hasSize(36);
        JsonNode memValues = mem.path("data").path("values");
        assertThat(memValues.get(2 + expected.get("mem").columns().indexOf("available")).toString())
                .isEqualTo("[9663676416,9655484416]");
        assertThat(memValues.get(2 + expected.get("mem").columns().indexOf("total")).toString())
                .isEqualTo("[16777216000,16777216000]");
        JsonNode system = cached(streamId, "system").orElseThrow();
        assertThat(system.path("data").path("values").get(2 + expected.get("system").columns().indexOf("uptime_format"))
                .toString()).isEqualTo("[null,null,\"5 days,  0:00\",null,null,\"5 days,  0:01\"]");
        JsonNode net = cached(streamId, "net").orElseThrow();
        assertThat(net.path("data").path("values").get(0).toString()).isEqualTo("[\"host=web-01, interface=eth0\","
                + "\"host=web-01, interface=eth1\",\"host=web-01, interface=all\",\"host=web-01, interface=eth0\","
                + "\"host=web-01, interface=eth1\",\"host=web-01, interface=all\"]");
    }

    @Test
    @DisplayName("a POSTed body with every default Telegraf input's lines (mem with 34 fields, net with 92) is answered 200 and each measurement's frame holds every field and value")
    void telegrafDefaultInputsOverHttp() throws Exception {
        HttpResponse<String> resp = post("/api/live/push/defaults", DEFAULT_INPUTS);

        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        assertThat(resp.body()).isEmpty();
        assertDefaultInputFrames("defaults");
        assertThat(list().findValuesAsText("channel")).hasSize(DEFAULT_MEASUREMENTS.size());
    }

    @Test
    @DisplayName("the same body sent over the push WebSocket reaches a subscriber of mem in full and caches every measurement's frame alike")
    void telegrafDefaultInputsOverWebSocket() throws Exception {
        JsonNode[] reply = new JsonNode[1];
        LiveTestClient sub = subscriber("1/stream/defaults-ws/mem", reply);
        PushSocket pusher = PushSocket.open(http, ws("/api/live/push/defaults-ws"), ADMIN);
        clients.add(pusher);

        pusher.sendBinary(DEFAULT_INPUTS);

        await().atMost(LiveTestClient.WAIT).until(() -> sub.publicationData("1/stream/defaults-ws/mem").size() == 1);
        JsonNode published = sub.publicationData("1/stream/defaults-ws/mem").get(0);
        assertFrame(published, ExpectedFrames.of(DEFAULT_INPUTS).get("mem"));
        await().atMost(LiveTestClient.WAIT).until(() -> DEFAULT_MEASUREMENTS.stream()
                .allMatch(m -> cached("defaults-ws", m).isPresent()));
        assertDefaultInputFrames("defaults-ws");
        assertThat(pusher.isClosed()).isFalse();
    }

    @Test
    @DisplayName("the same body in the wide format is answered 200; the last mem frame has its 34 fields labelled with the host")
    void telegrafDefaultInputsWide() throws Exception {
        HttpResponse<String> resp = post("/api/live/push/defaults-wide?gf_live_frame_format=wide", DEFAULT_INPUTS);

        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        JsonNode mem = cached("defaults-wide", "mem").orElseThrow();
        JsonNode fields = mem.path("schema").path("fields");
        assertThat(fields).hasSize(1 + 34);
        assertThat(fields.get(1).path("name").asText()).isEqualTo("active");
        assertThat(fields.get(1).path("labels").toString()).isEqualTo("{\"host\":\"web-01\"}");
        assertThat(mem.path("data").path("values").get(0).get(0).asLong()).isEqualTo(1_700_000_010_000L);
        assertThat(mem.path("data").path("values").get(2).get(0).asLong()).as("available, second interval")
                .isEqualTo(9_655_484_416L);
        assertThat(cached("defaults-wide", "cpu").orElseThrow().path("schema").path("fields"))
                .as("time and 10 fields for each of the 5 cpu lines of the second interval").hasSize(1 + 50);
    }
}
