package dev.heliograph.live.example;

import static org.awaitility.Awaitility.await;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.jakarta.LiveTestClient;
import dev.heliograph.live.redis.RedisHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Two demo servers in this JVM, {@link #a} and {@link #b}, each on its own free port, both on
 * the Redis at one {@code ha_engine_address} with the same {@code ha_prefix}: a two-node cluster
 * as an operator would run it. Hands out connected protocol clients and HTTP calls signed in as
 * the built-in admin (org 1). Used by the multi-node tests from the test thread.
 */
final class TwoNodes implements AutoCloseable {
    static final String TOKEN = "admin-api-token";

    final DemoServer a;
    final DemoServer b;
    private final WebSocketClient ws = new WebSocketClient();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<LiveTestClient> clients = new CopyOnWriteArrayList<>();

    private TwoNodes(DemoServer a, DemoServer b) throws Exception {
        this.a = a;
        this.b = b;
        ws.start();
    }

    /** Starts both nodes; returns once both listen (Redis may still be unreachable). */
    static TwoNodes start(String haEngineAddress, String haPrefix) throws Exception {
        DemoServer a = node(haEngineAddress, haPrefix);
        try {
            return new TwoNodes(a, node(haEngineAddress, haPrefix));
        } catch (Exception | Error e) {
            a.close();
            throw e;
        }
    }

    private static DemoServer node(String address, String prefix) throws Exception {
        return DemoServer.start("--port", "0", "--ha-engine", "redis", "--ha-engine-address", address,
                "--ha-prefix", prefix);
    }

    /** The node's engine. */
    static RedisHub hub(DemoServer node) {
        return (RedisHub) node.node().hub();
    }

    /** A protocol client connected (protocol {@code connect} answered) to {@code node}. */
    LiveTestClient connect(DemoServer node) throws Exception {
        LiveTestClient client = open(node);
        client.connect();
        return client;
    }

    /** A WebSocket open on {@code node}'s {@code /api/live/ws}, before the protocol {@code connect}. */
    LiveTestClient open(DemoServer node) throws Exception {
        LiveTestClient client = new LiveTestClient();
        LiveTestClient.open(ws, client, URI.create("ws://127.0.0.1:" + node.port() + "/api/live/ws"), LiveTestClient.bearer(TOKEN), null)
                .get(10, TimeUnit.SECONDS);
        clients.add(client);
        return client;
    }

    /**
     * Waits until Redis confirmed that {@code node} listens to {@code channel} (org 1): from then
     * on a publication on the other node reaches its subscribers.
     */
    void awaitListening(DemoServer node, String channel) {
        OrgChannel ch = OrgChannel.of(1, channel);
        await().atMost(Duration.ofSeconds(10)).until(() -> hub(node).isListening(ch));
    }

    /** Waits until both nodes are connected to Redis. */
    void awaitConnected(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> hub(a).isConnected() && hub(b).isConnected());
    }

    /** {@code POST /api/live/publish} on {@code node}: {@code {"channel": channel, "data": data}}. */
    HttpResponse<String> publish(DemoServer node, String channel, String dataJson) throws Exception {
        return post(node, "/api/live/publish", "application/json",
                "{\"channel\":\"" + channel + "\",\"data\":" + dataJson + "}");
    }

    HttpResponse<String> post(DemoServer node, String path, String contentType, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(uri(node, path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(DemoServer node, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(uri(node, path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .GET()
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Does what the real client does on the unsubscribe push 2500 "insufficient state" (sent to a
     * positioned subscription, e.g. {@code grafana/broadcast} with history, when the stream's
     * epoch changed because Redis restarted or failed over): subscribes again. Returns how many
     * such pushes {@code client} got on {@code wireChannel} so far; {@code answered} counts those
     * already answered.
     */
    static int resubscribeOnInsufficientState(LiveTestClient client, String wireChannel,
            java.util.concurrent.atomic.AtomicInteger answered) {
        int told = (int) client.count(m -> m.path("push").path("channel").asText().equals(wireChannel)
                && m.path("push").path("unsubscribe").path("code").asInt() == 2500);
        if (told > answered.get()) {
            answered.set(told);
            client.subscribe(wireChannel);
        }
        return told;
    }

    private static URI uri(DemoServer node, String path) {
        return URI.create("http://127.0.0.1:" + node.port() + path);
    }

    @Override
    public void close() throws Exception {
        for (LiveTestClient c : clients) {
            c.close();
        }
        try {
            ws.stop();
        } finally {
            a.close();
            b.close();
        }
    }
}
