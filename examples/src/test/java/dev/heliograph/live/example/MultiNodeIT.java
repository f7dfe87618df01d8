package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heliograph.live.jakarta.LiveTestClient;
import dev.heliograph.live.redis.testing.RedisServerExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Two demo servers on one Redis (ha_engine = redis, same ha_prefix)")
class MultiNodeIT {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static TwoNodes nodes;

    @BeforeAll
    static void startNodes() throws Exception {
        nodes = TwoNodes.start(redis.address(), RedisServerExtension.uniquePrefix("multinode"));
        nodes.awaitConnected(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    @DisplayName("a client on node A receives what is published on node B through POST /api/live/publish")
    void httpPublishOnBReachesA() throws Exception {
        String channel = "grafana/broadcast/http-publish";
        LiveTestClient onA = subscribed(nodes.a, channel);

        HttpResponse<String> resp = nodes.publish(nodes.b, channel, "{\"text\":\"from B over HTTP\"}");

        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        onA.awaitPublication("1/" + channel, data -> data.path("text").asText().equals("from B over HTTP"));
    }

    @Test
    @DisplayName("a client on node A receives what a client on node B publishes over the protocol")
    void clientPublishOnBReachesA() throws Exception {
        String channel = "grafana/broadcast/client-publish";
        LiveTestClient onA = subscribed(nodes.a, channel);
        LiveTestClient onB = nodes.connect(nodes.b);

        JsonNode reply = onB.reply(onB.command("publish",
                "{\"channel\":\"1/" + channel + "\",\"data\":{\"text\":\"from a client on B\"}}"));

        assertThat(reply.has("error")).as(reply.toString()).isFalse();
        onA.awaitPublication("1/" + channel, data -> data.path("text").asText().equals("from a client on B"));
    }

    @Test
    @DisplayName("presence asked on node A lists a client subscribed on node B")
    void presenceSpansNodes() throws Exception {
        String channel = "1/grafana/broadcast/presence";
        LiveTestClient onB = nodes.open(nodes.b);
        String bId = onB.connect();
        assertThat(onB.subscribe(channel).has("error")).isFalse();
        LiveTestClient onA = nodes.open(nodes.a);
        String aId = onA.connect();
        assertThat(onA.subscribe(channel).has("error")).isFalse();

        JsonNode presence = onA.reply(onA.command("presence", "{\"channel\":\"" + channel + "\"}"))
                .path("presence").path("presence");

        assertThat(presence.has(bId)).as(presence.toString()).isTrue();
        assertThat(presence.has(aId)).as(presence.toString()).isTrue();
        assertThat(presence.path(bId).path("user").asText()).isEqualTo("1");
    }

    @Test
    @DisplayName("a data-source stream subscribed on both nodes runs on each, and each client sees each frame once")
    void dataSourceStreamOutputStaysLocal() throws Exception {
        String channel = "1/plugin/testdata/random-20Hz-stream";
        LiveTestClient onA = nodes.connect(nodes.a);
        LiveTestClient onB = nodes.connect(nodes.b);
        assertThat(onA.subscribe(channel).has("error")).isFalse();
        assertThat(onB.subscribe(channel).has("error")).isFalse();
        nodes.awaitListening(nodes.a, channel.substring(2));
        nodes.awaitListening(nodes.b, channel.substring(2));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> frames(onA, channel).size() >= 20 && frames(onB, channel).size() >= 20);

        List<String> seenOnA = frames(onA, channel);
        List<String> seenOnB = frames(onB, channel);
        assertThat(new HashSet<>(seenOnA)).as("frames on A, each once").hasSameSizeAs(seenOnA);
        assertThat(new HashSet<>(seenOnB)).as("frames on B, each once").hasSameSizeAs(seenOnB);
        Set<String> onBoth = new HashSet<>(seenOnA);
        onBoth.retainAll(seenOnB);
        assertThat(onBoth).as("frames that crossed nodes (stream output must stay local)").isEmpty();
    }

    @Nested
    @DisplayName("Telegraf push (POST /api/live/push/<streamId>, Influx line protocol)")
    class TelegrafPush {
        private static final String STREAM_ID = "telegraf-e2e";

        @Test
        @DisplayName("a line pushed on node B reaches a subscriber of its stream channel on node A")
        void pushOnBReachesA() throws Exception {
            LiveTestClient onA = subscribed(nodes.a, "stream/" + STREAM_ID + "/cpu");

            HttpResponse<String> resp = push(nodes.b, "cpu,host=node-b usage_user=42.125 1763800000000000000\n");

            assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
            JsonNode push = onA.awaitPublication("1/stream/" + STREAM_ID + "/cpu",
                    data -> data.path("data").path("values").toString().contains("42.125"));
            assertThat(push.path("push").path("pub").path("data").path("schema").path("name").asText()).isEqualTo("cpu");
        }

        @Test
        @DisplayName("a new subscriber on node B gets the last frame pushed on node A as its initial data")
        void lastFrameFromAIsInitialDataOnB() throws Exception {
            assertThat(push(nodes.a, "mem,host=node-a used_percent=17.5 1763800000000000000\n"
                    + "mem,host=node-a used_percent=18.25 1763800001000000000\n").statusCode()).isEqualTo(200);
            assertThat(push(nodes.a, "mem,host=node-a used_percent=19.75 1763800002000000000\n").statusCode())
                    .isEqualTo(200);
            LiveTestClient onB = nodes.connect(nodes.b);

            JsonNode initial = onB.subscribe("1/stream/" + STREAM_ID + "/mem").path("subscribe").path("data");

            assertThat(initial.path("schema").path("name").asText()).as(initial.toString()).isEqualTo("mem");
            assertThat(initial.path("data").path("values").toString()).contains("19.75").doesNotContain("18.25");
        }

        @Test
        @DisplayName("GET /api/live/list on node A shows a stream pushed on node B")
        void listOnAShowsStreamPushedOnB() throws Exception {
            assertThat(push(nodes.b, "disk,host=node-b free=1024i 1763800000000000000\n").statusCode()).isEqualTo(200);

            HttpResponse<String> resp = nodes.get(nodes.a, "/api/live/list");

            assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
            JsonNode channels = LiveTestClient.JSON.readTree(resp.body()).path("channels");
            assertThat(channels.findValuesAsText("channel")).contains("stream/" + STREAM_ID + "/disk");
        }

        private HttpResponse<String> push(DemoServer node, String lines) throws Exception {
            return nodes.post(node, "/api/live/push/" + STREAM_ID, "text/plain", lines);
        }
    }

    /** A client on {@code node} subscribed to {@code channel} (org 1), which the node listens to in Redis. */
    private static LiveTestClient subscribed(DemoServer node, String channel) throws Exception {
        LiveTestClient client = nodes.connect(node);
        JsonNode reply = client.subscribe("1/" + channel);
        assertThat(reply.has("error")).as(reply.toString()).isFalse();
        nodes.awaitListening(node, channel);
        return client;
    }

    /** The data values of every frame {@code client} received on {@code channel}, in order. */
    static List<String> frames(LiveTestClient client, String channel) {
        return client.received().stream()
                .filter(m -> channel.equals(m.path("push").path("channel").asText()) && m.path("push").has("pub"))
                .map(m -> m.path("push").path("pub").path("data").path("data").toString())
                .toList();
    }
}
