package dev.heliograph.live.redis;

import static dev.heliograph.live.redis.testing.NodeSide.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.CachedFrame;
import dev.heliograph.live.hub.HistoryOptions;
import dev.heliograph.live.hub.HistoryQuery;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.redis.testing.RedisProcess;
import dev.heliograph.live.redis.testing.SentinelGroup;
import dev.heliograph.live.testing.Recorder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

@DisplayName("RedisHub with a sentinel:// address")
class RedisSentinelFailoverIT {
    private SentinelGroup group;
    private RedisHub a;
    private RedisHub b;

    @BeforeEach
    void start() {
        group = new SentinelGroup(1);
        await().atMost(group.failoverBudget()).pollInterval(Duration.ofMillis(200)).until(group::isReady);
        // A dead sentinel first: the engine must skip it and ask the next one.
        String address = group.address().replace("sentinel://", "sentinel://127.0.0.1:" + RedisProcess.freePort() + ",");
        a = RedisHub.builder().address(address).prefix("sentinel").build();
        b = RedisHub.builder().address(address).prefix("sentinel").build();
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        group.close();
    }

    private static final HistoryOptions HISTORY = HistoryOptions.of(100, Duration.ofMinutes(5));

    private static Publication pub(OrgChannel ch, String json) {
        return Publication.of(ch, RawJson.parse(json));
    }

    @Test
    @DisplayName("when the master dies, the nodes follow the promoted replica and delivery resumes; channel history"
            + " starts a new epoch even though the replica holds the stream")
    void followsFailover() {
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/failover");
        Recorder onB = new Recorder();
        local(b).subscribe(ch, onB);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.isConnected() && b.isListening(ch));
        StreamPosition before = a.publish(pub(ch, "{\"n\":1}"), HISTORY).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(5)).until(() -> onB.received().size() == 1);
        try (Jedis replica = new Jedis(new HostAndPort("127.0.0.1", group.replica().port()))) {
            await("the replica has the stream").atMost(Duration.ofSeconds(5))
                    .until(() -> replica.xlen(a.keyBase() + ".history.stream." + ch.wireName()) == 1);
        }

        group.master().stop();

        await().atMost(group.failoverBudget()).pollInterval(Duration.ofMillis(200))
                .until(() -> group.reportedMasterPort() == group.replica().port());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.isConnected() && b.isListening(ch));
        StreamPosition after = a.publish(pub(ch, "{\"n\":2}"), HISTORY).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(5)).until(() -> onB.received().size() == 2);
        assertThat(onB.data()).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(after.epoch()).as("another Redis process, another epoch").isNotEqualTo(before.epoch());
        assertThat(after.offset()).isEqualTo(1);
        assertThat(b.history(ch, HistoryQuery.since(before)).toCompletableFuture().join().top()).isEqualTo(after);

        OrgChannel stream = OrgChannel.of(1, "stream/s/m");
        CachedFrame frame = new CachedFrame(RawJson.parse("{\"schema\":{}}"), RawJson.parse("{\"schema\":{},\"data\":{}}"));
        assertThat(a.frameCache().update(stream, frame)).isTrue();
        assertThat(b.frameCache().get(stream)).contains(frame);
    }
}
