package dev.heliograph.live.example;

import static dev.heliograph.live.example.NodeScript.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heliograph.live.redis.testing.RedisServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official {@code centrifuge} JavaScript client on each emulated transport alone
 * ({@code http_stream}, {@code sse}; no WebSocket), against two demo nodes on one real
 * redis-server: the client streams from node A and posts its commands to node B's emulation
 * endpoint, so every command crosses the engine (no sticky sessions). The server control API is
 * called on node B too. {@code src/test/js/emulation.mjs} does the talking; needs node and npm.
 */
@DisplayName("centrifuge JS client over http_stream and sse, two nodes, no sticky sessions")
class CentrifugeEmulationIT {
    private static final int PING_SECONDS = 2;
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static DemoServer a;
    private static DemoServer b;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startNodes() throws Exception {
        String prefix = RedisServerExtension.uniquePrefix("emulation");
        a = node(prefix);
        b = node(prefix);
    }

    private static DemoServer node(String prefix) throws Exception {
        return DemoServer.start("--port", "0", "--ha-engine", "redis", "--ha-engine-address", redis.address(),
                "--ha-prefix", prefix, "--ping-interval", String.valueOf(PING_SECONDS));
    }

    @AfterAll
    static void stopNodes() {
        for (DemoServer node : new DemoServer[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http_stream", "sse"})
    @DisplayName("connect (Basic, bearer, auth_token), subscribe, HTTP and client publish, presence, pings, control")
    void emulatedTransport(String transport) throws Exception {
        JsonNode result = runScript(transport);
        for (JsonNode step : result.path("steps")) {
            assertThat(step.path("ok").asBoolean()).as("step '%s': %s", step.path("name").asText(), step).isTrue();
        }
        JsonNode connect = step(result, "connect");
        assertThat(connect.path("basic").asText()).isEqualTo(transport);
        assertThat(connect.path("bearer").asText()).isEqualTo(transport);
        assertThat(connect.path("query").asText()).isEqualTo(transport);
        assertThat(step(result, "subscribe")).as("subscribe errors").isEmpty();
        assertThat(step(result, "http publish on node B").asInt()).isEqualTo(200);
        JsonNode presence = step(result, "presence");
        assertThat(presence.path("clients").asInt()).isEqualTo(3);
        assertThat(presence.path("user").asText()).isEqualTo("1");
        JsonNode pings = step(result, "pings answered through the emulation endpoint");
        assertThat(pings.path("state").asText()).isEqualTo("connected");
        assertThat(pings.path("disconnected")).as("no disconnect across pings: %s", pings).isEmpty();
        assertThat(pings.path("connecting")).as("only the initial connect: %s", pings).hasSize(1);
        JsonNode unsubscribe = step(result, "control unsubscribe on node B");
        assertThat(unsubscribe.path("status").asInt()).isEqualTo(200);
        assertThat(unsubscribe.path("codes").get(0).asInt()).isEqualTo(2000);
        JsonNode publishMany = step(result, "control publish many on node B");
        assertThat(publishMany.path("status").asInt()).isEqualTo(200);
        assertThat(publishMany.path("receivedAfterUnsubscribe").asBoolean()).isFalse();
        JsonNode disconnect = step(result, "control disconnect on node B");
        assertThat(disconnect.path("status").asInt()).isEqualTo(200);
        assertThat(disconnect.path("codes")).extracting(JsonNode::asInt).containsOnly(3503);
        assertThat(disconnect.path("states")).extracting(JsonNode::asText).containsOnly("disconnected");
    }

    @Test
    @DisplayName("through nginx that strips Upgrade and takes both nodes in turn (no sticky sessions), http_stream works end to end")
    void roundRobinProxyWithoutUpgrade() throws Exception {
        ExternalTools.require(ExternalTools.NGINX, "nginx");
        Path dir = Path.of("target/nginx-round-robin").toAbsolutePath();
        try (NginxProxy nginx = NginxProxy.start(dir, NginxProxy.freePort(), List.of(a.port(), b.port()),
                NginxProxy.PLAIN_LOCATION)) {
            JsonNode result = runScript("http_stream", nginx.baseUrl(), nginx.baseUrl());
            for (JsonNode step : result.path("steps")) {
                assertThat(step.path("ok").asBoolean()).as("step '%s': %s", step.path("name").asText(), step).isTrue();
            }
            assertThat(step(result, "pings answered through the emulation endpoint").path("disconnected")).isEmpty();
            assertThat(step(result, "control disconnect on node B").path("codes")).extracting(JsonNode::asInt)
                    .containsOnly(3503);
            List<String> posts = nginx.accessLog().stream().filter(l -> l.contains("POST /api/live/emulation")).toList();
            assertThat(posts).as("emulation posts reached both nodes").allMatch(l -> l.contains(" 204 "))
                    .anyMatch(l -> l.endsWith(":" + a.port())).anyMatch(l -> l.endsWith(":" + b.port()));
        }
    }

    @Test
    @DisplayName("refusals: no credentials 401, sse without cf_connect 400, GET http_stream 405, unknown session on its own node 404")
    void refusals() throws Exception {
        String base = "http://127.0.0.1:" + a.port() + "/api/live/";
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "http_stream"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":1,\"connect\":{}}")).build())).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "sse")).header("Authorization", BASIC).GET().build()))
                .isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "http_stream")).header("Authorization", BASIC).GET().build()))
                .isEqualTo(405);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "emulation")).header("Authorization", BASIC)
                .POST(HttpRequest.BodyPublishers.ofString("{\"node\":\"" + a.node().id() + "\",\"session\":\"nope\",\"data\":\"{}\"}"))
                .build())).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "emulation")).header("Authorization", BASIC)
                .POST(HttpRequest.BodyPublishers.ofString("{\"node\":1}")).build())).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "control/presence?channel=grafana/broadcast/x"))
                .GET().build())).isEqualTo(401);
    }

    private int send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static JsonNode runScript(String transport) throws Exception {
        return runScript(transport, "http://127.0.0.1:" + a.port(), "http://127.0.0.1:" + b.port());
    }

    /** Runs the script streaming from {@code streamBase} and posting (commands, API calls) to {@code postBase}. */
    private static JsonNode runScript(String transport, String streamBase, String postBase) throws Exception {
        NodeScript.ensureNodeModules("eventsource");
        NodeScript.Result run = NodeScript.run("emulation.mjs", List.of(transport, streamBase, postBase,
                String.valueOf(PING_SECONDS)), Duration.ofSeconds(60));
        String resultLine = run.line();
        JsonNode result = run.json();
        assertThat(result.has("fatal")).as("script failed: %s", resultLine).isFalse();
        return result;
    }
}
