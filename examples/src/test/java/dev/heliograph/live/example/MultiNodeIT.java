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
