package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.handler.ChannelHandler;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.hub.CachedFrame;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.testing.GatedHub;
import jakarta.servlet.ServletContext;

import java.net.http.HttpClient;
import java.time.Duration;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The adapter's behaviour on a real container with real WebSocket clients. Each container runs
 * it through a small subclass that says how to start it.
 */
abstract class LiveEndpointContractIT {

    /** Starts the container under test; {@code register} runs while its context initialises. */
    protected abstract RunningServer start(Consumer<ServletContext> register) throws Exception;

    private static final ChannelHandler LOCKED = new ChannelHandler() {
        @Override
        public SubscribeReply onSubscribe(SubscribeEvent event) {
            return SubscribeReply.ok();
        }

        @Override
        public PublishReply onPublish(PublishEvent event) {
            return PublishReply.permissionDenied();
        }
    };

    private GatedHub hub;
    private LiveNode node;
    /** The node's timer pool, the test's own so that one test can take it away. */
    private ScheduledThreadPoolExecutor timers;
    private RunningServer server;
    private LiveServlets servlets;
    private WebSocketClient wsClient;
    private LogCapture logs;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<LiveTestClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        hub = new GatedHub(new LocalHub());
        timers = new ScheduledThreadPoolExecutor(2);
        wsClient = new WebSocketClient();
        wsClient.start();
        logs = new LogCapture();
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.forEach(LiveTestClient::close);
        wsClient.stop();
        if (server != null) {
            server.close();
        }
        if (node != null) {
            node.close();
        }
        hub.close();
        timers.shutdownNow();
        logs.close();
    }

    private void serve(LiveSettings.Builder settings) throws Exception {
        node = LiveNode.builder().hub(hub).scheduler(timers).channelHandler("test", "locked", LOCKED)
                .settings(settings.outboundQueueBytes(64 * 1024).build()).build();
        server = start(ctx -> servlets = LiveServlets.register(ctx, node, TestUsers::authenticate));
    }

    private void serve() throws Exception {
        serve(LiveSettings.builder());
    }

    private LiveTestClient open(String token) throws Exception {
        return open(token, null);
    }

    private LiveTestClient open(String token, String origin, String... extensions) throws Exception {
        LiveTestClient c = new LiveTestClient();
        clients.add(c);
        LiveTestClient.open(wsClient, c, server.ws("/api/live/ws"), LiveTestClient.bearer(token), origin, extensions)
                .get(10, TimeUnit.SECONDS);
        return c;
    }

    private LiveTestClient connected(String token) throws Exception {
        LiveTestClient c = open(token);
        assertThat(c.connect()).isNotBlank();
        return c;
    }

    private int refusedUpgradeStatus(String token, String origin) throws Exception {
        LiveTestClient c = new LiveTestClient();
        Throwable failure = null;
        try {
            LiveTestClient.open(wsClient, c, server.ws("/api/live/ws"), LiveTestClient.bearer(token), origin)
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            failure = e.getCause();
        }
        assertThat(failure).as("the upgrade must be refused").isInstanceOf(UpgradeException.class);
        return ((UpgradeException) failure).getResponseStatusCode();
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.http(path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.http(path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("a subscriber receives what POST /api/live/publish publishes, and the answer is {}")
    void httpPublishReachesSubscriber() throws Exception {
        serve();
        LiveTestClient alice = connected("alice-token");
        assertThat(alice.subscribe("1/grafana/broadcast/news").has("subscribe")).isTrue();

        HttpResponse<String> resp = post("/api/live/publish", "bob-token",
                "{\"channel\":\"grafana/broadcast/news\",\"data\":{\"headline\":\"hello\"}}");

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.body()).isEqualTo("{}");
        alice.awaitPublication("1/grafana/broadcast/news", d -> d.path("headline").asText().equals("hello"));
    }

    @Test
    @DisplayName("a client publish reaches the other subscribers with the publisher's info")
    void clientPublishReachesOthers() throws Exception {
        serve();
        LiveTestClient alice = connected("alice-token");
        LiveTestClient bob = connected("bob-token");
        bob.subscribe("1/grafana/broadcast/chat");

        int id = alice.command("publish", "{\"channel\":\"1/grafana/broadcast/chat\",\"data\":{\"text\":\"hi\"}}");

        assertThat(alice.reply(id).has("publish")).isTrue();
        JsonNode pub = bob.awaitPublication("1/grafana/broadcast/chat", d -> d.path("text").asText().equals("hi"));
        assertThat(pub.path("push").path("pub").path("info").path("user").asText()).isEqualTo("1");
    }

    @Test
    @DisplayName("presence lists every subscribed connection")
    void presence() throws Exception {
        serve();
        LiveTestClient alice = open("alice-token");
        String aliceId = alice.connect();
        LiveTestClient bob = open("bob-token");
        String bobId = bob.connect();
        alice.subscribe("1/grafana/broadcast/room");
        bob.subscribe("1/grafana/broadcast/room");

        JsonNode presence = alice.reply(alice.command("presence", "{\"channel\":\"1/grafana/broadcast/room\"}"))
                .path("presence").path("presence");

        assertThat(presence.has(aliceId)).isTrue();
        assertThat(presence.has(bobId)).isTrue();
        assertThat(presence.path(bobId).path("user").asText()).isEqualTo("2");
    }

    @Test
    @DisplayName("a subscribe to an invalid channel is answered with error 400 and the connection stays")
    void invalidChannel() throws Exception {
        serve();
        LiveTestClient alice = connected("alice-token");

        JsonNode reply = alice.subscribe("1/grafana/broad cast/x");

        assertThat(reply.path("error").path("code").asInt()).isEqualTo(400);
        assertThat(alice.subscribe("1/grafana/broadcast/ok").has("subscribe")).isTrue();
    }

    @Test
    @DisplayName("a subscribe with another org's prefix is answered with error 103")
    void wrongOrg() throws Exception {
        serve();
        LiveTestClient alice = connected("alice-token");

        assertThat(alice.subscribe("2/grafana/broadcast/x").path("error").path("code").asInt()).isEqualTo(103);
    }

    @Test
    @DisplayName("an upgrade without credentials is refused with 401, and so is the HTTP API")
    void unauthenticated() throws Exception {
        serve();
        assertThat(refusedUpgradeStatus(null, null)).isEqualTo(401);
        assertThat(refusedUpgradeStatus("wrong-token", null)).isEqualTo(401);
        assertThat(post("/api/live/publish", null, "{}").statusCode()).isEqualTo(401);
        assertThat(get("/api/live/list", null).statusCode()).isEqualTo(401);
        assertThat(servlets.openConnections()).isZero();
    }

    @Test
    @DisplayName("an upgrade from a foreign Origin is refused with 403 and a log line naming the origin and allowed_origins")
    void foreignOrigin() throws Exception {
        serve(LiveSettings.builder().allowedOrigins("https://*.example.com"));

        assertThat(refusedUpgradeStatus("alice-token", "https://evil.example.org")).isEqualTo(403);

        assertThat(logs.warnings).anySatisfy(w -> assertThat(w)
                .contains("'https://evil.example.org'")
                .contains("allowed_origins"));
        LiveTestClient ok = open("alice-token", "https://app.example.com");
        assertThat(ok.connect()).isNotBlank();
        LiveTestClient sameHost = open("alice-token", "http://127.0.0.1:" + server.port());
        assertThat(sameHost.connect()).isNotBlank();
    }

    @Test
    @DisplayName("centrifuge-protobuf is negotiated on request: binary replies and pushes, while a JSON subscriber of the same channel gets JSON")
    void protobufSubprotocol() throws Exception {
        serve();
        LiveTestClient json = connected("alice-token");
        assertThat(json.session().getUpgradeResponse().getAcceptedSubProtocol()).as("JSON: no subprotocol").isNullOrEmpty();
        assertThat(json.subscribe("1/grafana/broadcast/mixed").has("subscribe")).isTrue();
        try (ProtobufSocket proto = ProtobufSocket.open(http, server.ws("/api/live/ws"), "bob-token")) {
            assertThat(proto.subprotocol()).isEqualTo("centrifuge-protobuf");
            proto.send(ProtobufSocket.command(1, 4, null)); // connect
            byte[] connect = proto.next();
            assertThat(connect).as("connect reply").isNotNull();
            assertThat(connect[0]).as("Reply.id tag").isEqualTo((byte) 0x08);
            assertThat(connect[1]).as("id 1").isEqualTo((byte) 1);
            assertThat(connect[2]).as("Reply.connect tag (field 5, length-delimited)").isEqualTo((byte) 0x2A);
            proto.send(ProtobufSocket.command(2, 5, "1/grafana/broadcast/mixed")); // subscribe
            assertThat(proto.next()).as("subscribe reply").startsWith(0x08, 2, 0x32);

            HttpResponse<String> resp = post("/api/live/publish", "bob-token",
                    "{\"channel\":\"grafana/broadcast/mixed\",\"data\":{\"headline\":\"both\"}}");
            assertThat(resp.statusCode()).isEqualTo(200);

            byte[] push;
            do { // joins may come first
                push = proto.next();
                assertThat(push).as("publication push").isNotNull();
                assertThat(push[0]).as("Reply.push tag (field 4)").isEqualTo((byte) 0x22);
            } while (!new String(push, java.nio.charset.StandardCharsets.ISO_8859_1).contains("{\"headline\":\"both\"}"));
            assertThat(new String(push, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("1/grafana/broadcast/mixed");
            json.awaitPublication("1/grafana/broadcast/mixed", d -> d.path("headline").asText().equals("both"));
            assertThat(proto.textFrames()).as("no text frame to a Protobuf client").isZero();

            proto.sendText("{\"id\":3,\"presence\":{}}");
            JdkWebSocket.Close close = proto.closed.get(10, TimeUnit.SECONDS);
            assertThat(close.code()).isEqualTo(1003);
            assertThat(close.reason()).isEqualTo(TextRefusal.REASON);
        }
    }

    @Test
    @DisplayName("permessage-deflate is never negotiated")
    void noCompression() throws Exception {
        serve();
        LiveTestClient c = open("alice-token", null, "permessage-deflate");

        assertThat(c.session().getUpgradeResponse().getExtensions()).isEmpty();
        assertThat(c.connect()).isNotBlank();
    }

    @Test
    @DisplayName("a connection over max_connections is closed with 3504 and a warning; closing one frees a place")
    void connectionLimit() throws Exception {
        serve(LiveSettings.builder().maxConnections(2));
        LiveTestClient first = connected("alice-token");
        connected("bob-token");

        LiveTestClient third = open("alice-token");

        assertThat(third.awaitCloseCode()).isEqualTo(3504);
        assertThat(third.closeReason()).isEqualTo("connection limit");
        assertThat(logs.warnings).anySatisfy(w -> assertThat(w).contains("3504").contains("max_connections"));
        first.close();
        await().atMost(LiveTestClient.WAIT).until(() -> servlets.openConnections() == 1);
        assertThat(connected("alice-token").subscribe("1/grafana/broadcast/x").has("subscribe")).isTrue();
    }

    @Test
    @DisplayName("a connection whose session cannot start is closed with 3004 and gives its max_connections place back")
    void failedOpenFreesItsPlace() throws Exception {
        serve(LiveSettings.builder().maxConnections(1));
        timers.shutdownNow(); // the timer pool is gone: every new session fails to schedule its connect deadline

        LiveTestClient failed = open("alice-token");

        assertThat(failed.awaitCloseCode()).isEqualTo(3004);
        await().atMost(LiveTestClient.WAIT).until(() -> servlets.openConnections() == 0);
        assertThat(logs.warnings).anySatisfy(w -> assertThat(w).contains("alice").contains("could not start"));
    }

    @Test
    @DisplayName("max_connections = 0 disables Live: the upgrade is refused with 503")
    void liveDisabled() throws Exception {
        serve(LiveSettings.builder().maxConnections(0));

        assertThat(refusedUpgradeStatus("alice-token", null)).isEqualTo(503);
    }

    @Test
    @DisplayName("a message over message_size_limit closes the connection with 1009, also when fragmented")
    void messageTooBig() throws Exception {
        serve(LiveSettings.builder().messageSizeLimit(1024));
        LiveTestClient whole = connected("alice-token");
        String padding = "x".repeat(900);
        int id = whole.command("publish", "{\"channel\":\"1/grafana/broadcast/big\",\"data\":{\"p\":\"" + padding + "\"}}");
        assertThat(whole.reply(id).has("publish")).as("a message under the limit passes").isTrue();

        whole.command("publish", "{\"channel\":\"1/grafana/broadcast/big\",\"data\":{\"p\":\"" + padding + padding + "\"}}");
        assertThat(whole.awaitCloseCode()).isEqualTo(1009);

        LiveTestClient fragmented = connected("bob-token");
        Session s = fragmented.session();
        for (int i = 0; i < 3; i++) {
            s.sendPartialText(i == 0 ? "{\"id\":9,\"publish\":{\"channel\":\"1/grafana/broadcast/big\",\"data\":\"" : padding.substring(0, 500), false,
                    org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
        s.sendPartialText("\"}}", true, org.eclipse.jetty.websocket.api.Callback.NOOP);
        assertThat(fragmented.awaitCloseCode()).isEqualTo(1009);
    }

    @Test
    @DisplayName("a client that stops reading is closed with 3008 while the others keep receiving everything")
    void slowClient() throws Exception {
        serve();
        LiveTestClient fast = connected("alice-token");
        LiveTestClient slow = connected("bob-token");
        fast.subscribe("1/grafana/broadcast/firehose");
        slow.subscribe("1/grafana/broadcast/firehose");
        slow.pause();
        RawJson payload = RawJson.parse("{\"blob\":\"" + "y".repeat(32 * 1024) + "\"}");
        OrgChannel channel = OrgChannel.of(1, "grafana/broadcast/firehose");

        int sent = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // The server unsubscribes a connection as soon as it decides to close it; the close itself
        // completes only once the client reads again.
        while (node.localSubscribers().count(channel) == 2 && sent < 3000 && System.nanoTime() < deadline) {
            node.publishFromServer(channel, payload).toCompletableFuture().get(5, TimeUnit.SECONDS);
            sent++;
            int expected = sent;
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(LiveTestClient.WAIT)
                    .until(() -> fast.publications() >= expected || fast.isClosed());
        }

        assertThat(fast.isClosed()).as("the fast client stays open").isFalse();
        assertThat(fast.publications()).isEqualTo(sent);
        assertThat(node.localSubscribers().count(channel))
                .as("the slow client was dropped after %d messages (it read %d)", sent, slow.publications())
                .isEqualTo(1);
        slow.resume();
        assertThat(slow.awaitCloseCode()).isEqualTo(3008);
        await().atMost(LiveTestClient.WAIT).until(() -> servlets.openConnections() == 1);
        int id = fast.command("publish", "{\"channel\":\"1/grafana/broadcast/firehose\",\"data\":{\"after\":true}}");
        assertThat(fast.reply(id).has("publish")).isTrue();
        fast.awaitPublication("1/grafana/broadcast/firehose", d -> d.path("after").asBoolean());
    }

    @Test
    @DisplayName("POST /api/live/publish answers 400 for a bad body or channel, 404 for an unknown scope, 403 when the handler denies")
    void httpPublishErrors() throws Exception {
        serve();
        HttpResponse<String> notJson = post("/api/live/publish", "alice-token", "{\"channel\":");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("not valid JSON");

        HttpResponse<String> badChannel = post("/api/live/publish", "alice-token",
                "{\"channel\":\"grafana/broadcast\",\"data\":{}}");
        assertThat(badChannel.statusCode()).isEqualTo(400);
        assertThat(badChannel.body()).contains("grafana/broadcast").contains("three parts");

        assertThat(post("/api/live/publish", "alice-token", "{\"channel\":\"nope/x/y\",\"data\":{}}").statusCode())
                .isEqualTo(404);
        HttpResponse<String> denied = post("/api/live/publish", "alice-token", "{\"channel\":\"test/locked/y\",\"data\":{}}");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("{\"message\":\"forbidden\"}");
    }

    @Test
    @DisplayName("POST /api/live/publish answers 503 while the engine cannot reach its backend")
    void httpPublishEngineDown() throws Exception {
        serve();
        hub.failing(true);

        HttpResponse<String> resp = post("/api/live/publish", "alice-token",
                "{\"channel\":\"grafana/broadcast/x\",\"data\":{}}");

        assertThat(resp.statusCode()).isEqualTo(503);
        assertThat(resp.body()).contains("try again");
    }

    @Test
    @DisplayName("GET /api/live/list shows the caller's org's managed streams, sorted, with rate and schema")
    void list() throws Exception {
        serve();
        RawJson schema = RawJson.parse("{\"schema\":{\"fields\":[{\"name\":\"v\",\"type\":\"number\"}]}}");
        RawJson full = RawJson.parse("{\"schema\":{\"fields\":[{\"name\":\"v\",\"type\":\"number\"}]},\"data\":{\"values\":[[1]]}}");
        hub.frameCache().update(OrgChannel.of(1, "stream/telegraf/mem"), new CachedFrame(schema, full));
        hub.frameCache().update(OrgChannel.of(1, "stream/telegraf/cpu"), new CachedFrame(schema, full));
        hub.frameCache().update(OrgChannel.of(1, "stream/telegraf/cpu"), new CachedFrame(schema, full));
        hub.frameCache().update(OrgChannel.of(2, "stream/telegraf/disk"), new CachedFrame(schema, full));

        HttpResponse<String> resp = get("/api/live/list", "alice-token");

        assertThat(resp.statusCode()).isEqualTo(200);
        JsonNode channels = LiveTestClient.JSON.readTree(resp.body()).path("channels");
        assertThat(channels).hasSize(2);
        assertThat(channels.get(0).path("channel").asText()).isEqualTo("stream/telegraf/cpu");
        assertThat(channels.get(0).path("minute_rate").asLong()).isEqualTo(2);
        assertThat(channels.get(0).path("data")).isEqualTo(LiveTestClient.JSON.readTree(schema.toString()));
        assertThat(channels.get(1).path("channel").asText()).isEqualTo("stream/telegraf/mem");
    }

    @Test
    @DisplayName("a plain GET on the WebSocket path is answered 400 saying an upgrade was expected")
    void plainGet() throws Exception {
        serve();
        HttpResponse<String> resp = get("/api/live/ws", "alice-token");
        assertThat(resp.statusCode()).isEqualTo(400);
        assertThat(resp.body()).contains("expected a WebSocket upgrade");
    }

    @Test
    @DisplayName("undeploying the context closes every connection with 3001 shutdown after writing what was queued for it")
    void undeployClosesWithShutdown() throws Exception {
        serve();
        List<LiveTestClient> crowd = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            LiveTestClient c = connected(i % 2 == 0 ? "alice-token" : "bob-token");
            c.subscribe("1/grafana/broadcast/bye");
            crowd.add(c);
        }
        node.publishFromServer(OrgChannel.of(1, "grafana/broadcast/bye"), RawJson.parse("{\"last\":1}"))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        server.close();
        server = null;

        for (LiveTestClient c : crowd) {
            assertThat(c.awaitCloseCode()).isEqualTo(3001);
            assertThat(c.closeReason()).isEqualTo("shutdown");
            assertThat(c.publications()).as("the publication queued before the close").isEqualTo(1);
        }
        await().atMost(LiveTestClient.WAIT).until(() -> node.sessions().size() == 0);
    }
}
