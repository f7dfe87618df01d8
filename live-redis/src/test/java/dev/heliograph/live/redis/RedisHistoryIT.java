package dev.heliograph.live.redis;

import static dev.heliograph.live.redis.testing.NodeSide.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.HistoryOptions;
import dev.heliograph.live.hub.HistoryQuery;
import dev.heliograph.live.hub.HistoryResult;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.redis.testing.RedisProcess;
import dev.heliograph.live.redis.testing.RedisServerExtension;
import dev.heliograph.live.testing.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ClientKillParams;

/**
 * Channel history on a real redis-server when things go wrong: Redis restarted (with and without
 * persistence), a history key lost, and a node's PUB/SUB connection cut while another node
 * publishes (the resubscribe hole, closed by history).
 */
@DisplayName("RedisHub history across restarts, lost keys and cut connections")
class RedisHistoryIT {
    private static final HistoryOptions KEEP = HistoryOptions.of(1_000, Duration.ofMinutes(5));

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private final List<RedisHub> hubs = new ArrayList<>();
    private final List<RedisProcess> servers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        hubs.forEach(RedisHub::close);
        servers.forEach(RedisProcess::stop);
        redis.ensureRunning();
    }

    private RedisHub node(String address, String prefix, Duration backoffMin) {
        RedisHub hub = RedisHub.builder().address(address).prefix(prefix).connectTimeout(Duration.ofMillis(500))
                .reconnectBackoff(backoffMin, backoffMin.multipliedBy(2)).build();
        hubs.add(hub);
        return hub;
    }

    private RedisHub node(String address, String prefix) {
        return node(address, prefix, Duration.ofMillis(50));
    }

    private static Publication pub(OrgChannel ch, int n) {
        return Publication.of(ch, RawJson.parse("{\"n\":" + n + "}"));
    }

    private static StreamPosition publish(RedisHub on, OrgChannel ch, int n, HistoryOptions history) {
        return on.publish(pub(ch, n), history).toCompletableFuture().join();
    }

    private static HistoryResult history(RedisHub on, OrgChannel ch, HistoryQuery query) {
        return on.history(ch, query).toCompletableFuture().join();
    }

    private static List<String> expected(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add("{\"n\":" + i + "}");
        }
        return out;
    }

    @Test
    @DisplayName("Redis restarted without persistence: the stream is gone and reads and publishes are in a new epoch")
    void restartWithoutPersistenceChangesEpoch() {
        RedisHub hub = node(redis.address(), RedisServerExtension.uniquePrefix("restart"));
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/restart");
        StreamPosition before = null;
        for (int i = 1; i <= 3; i++) {
            before = publish(hub, ch, i, KEEP);
        }

        redis.restart();
        await().atMost(Duration.ofSeconds(10)).until(hub::isConnected);

        HistoryResult after = history(hub, ch, HistoryQuery.since(before));
        assertThat(after.top().epoch()).isNotEqualTo(before.epoch());
        assertThat(after.top().offset()).isZero();
        assertThat(after.publications()).isEmpty();
        StreamPosition next = publish(hub, ch, 4, KEEP);
        assertThat(next).isEqualTo(new StreamPosition(1, after.top().epoch()));
    }

    @Test
    @DisplayName("Redis restarted from its AOF file keeps the keys, yet history starts a new epoch: another Redis process"
            + " may have lost the last publications")
    void restartWithPersistenceChangesEpoch() {
        RedisProcess persisted = RedisProcess.server("--appendonly", "yes", "--appendfsync", "always");
        servers.add(persisted);
        String prefix = RedisServerExtension.uniquePrefix("aof");
        RedisHub hub = node(persisted.hostPort(), prefix);
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/aof");
        StreamPosition before = null;
        for (int i = 1; i <= 3; i++) {
            before = publish(hub, ch, i, KEEP);
        }

        persisted.restart();
        await().atMost(Duration.ofSeconds(10)).until(hub::isConnected);
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", persisted.port()))) {
            assertThat(j.xlen(hub.keyBase() + ".history.stream." + ch.wireName()))
                    .as("the AOF kept the stream").isEqualTo(3);
        }

        HistoryResult after = history(hub, ch, HistoryQuery.since(before));
        assertThat(after.top().epoch()).isNotEqualTo(before.epoch());
        assertThat(after.publications()).isEmpty();
        assertThat(publish(hub, ch, 4, KEEP)).isEqualTo(new StreamPosition(1, after.top().epoch()));
    }

    @Test
    @DisplayName("a lost stream key (evicted, deleted) while its meta hash survives: the next publish starts a new epoch"
            + " instead of counting on over the hole")
    void lostStreamKeyChangesEpoch() {
        RedisHub hub = node(redis.address(), RedisServerExtension.uniquePrefix("lost"));
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/lost");
        StreamPosition before = publish(hub, ch, 1, KEEP);
        publish(hub, ch, 2, KEEP);
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", redis.port()))) {
            assertThat(j.del(hub.keyBase() + ".history.stream." + ch.wireName())).isEqualTo(1);
        }

        StreamPosition after = publish(hub, ch, 3, KEEP);

        assertThat(after.epoch()).isNotEqualTo(before.epoch());
        assertThat(after.offset()).isEqualTo(1);
        assertThat(history(hub, ch, HistoryQuery.since(null)).publications()).extracting(p -> p.data().toString())
                .containsExactly("{\"n\":3}");
    }

    @Test
    @DisplayName("a long stream with a small size: Redis keeps at most the size plus one stream node, reads answer"
            + " exactly the size")
    void sizeBoundInRedisMemory() {
        RedisHub hub = node(redis.address(), RedisServerExtension.uniquePrefix("bound"));
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/bound");
        HistoryOptions ten = HistoryOptions.of(10, Duration.ofMinutes(5));
        CompletableFuture<StreamPosition> last = null;
        for (int i = 1; i <= 1_000; i++) {
            last = hub.publish(pub(ch, i), ten).toCompletableFuture();
        }
        assertThat(last.join().offset()).isEqualTo(1_000);

        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", redis.port()))) {
            assertThat(j.xlen(hub.keyBase() + ".history.stream." + ch.wireName())).isBetween(10L, 110L);
        }
        assertThat(history(hub, ch, HistoryQuery.since(null)).publications()).extracting(p -> p.data().toString())
                .containsExactlyElementsOf(expected(991, 1_000));
        assertThat(history(hub, ch, new HistoryQuery(null, -1, true)).publications()).hasSize(10);
    }

    @Test
    @DisplayName("each publication expires after its own TTL, even while newer ones keep the stream alive")
    void perPublicationExpiry() {
        RedisHub hub = node(redis.address(), RedisServerExtension.uniquePrefix("expiry"));
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/expiry");
        publish(hub, ch, 1, HistoryOptions.of(10, Duration.ofMillis(200)));
        StreamPosition kept = publish(hub, ch, 2, KEEP);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(history(hub, ch, HistoryQuery.since(null)).publications()).extracting(p -> p.position())
                        .containsExactly(kept));
    }

    @Test
    @DisplayName("SCRIPT FLUSH between publishes: the next history publish answers NOSCRIPT and is sent again in full")
    void scriptFlushed() {
        RedisHub hub = node(redis.address(), RedisServerExtension.uniquePrefix("flush"));
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/flush");
        StreamPosition first = publish(hub, ch, 1, KEEP);
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", redis.port()))) {
            j.scriptFlush();
        }

        StreamPosition second = publish(hub, ch, 2, KEEP);

        assertThat(second).isEqualTo(new StreamPosition(2, first.epoch()));
        assertThat(history(hub, ch, HistoryQuery.since(first)).publications()).extracting(p -> p.position())
                .containsExactly(second);
    }

    @Test
    @DisplayName("node A's PUB/SUB connection is cut while node B publishes 100 to a channel with history: once A is"
            + " back, its subscriber has all 100, in order, exactly once")
    void resubscribeHoleClosedByHistory() {
        String prefix = RedisServerExtension.uniquePrefix("hole");
        RedisHub a = node(redis.address(), prefix, Duration.ofSeconds(2)); // stays away long enough
        RedisHub b = node(redis.address(), prefix);
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/hole");
        Recorder onA = new Recorder();
        local(a).subscribe(ch, onA);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.isListening(ch));
        publish(b, ch, 0, KEEP);
        await().atMost(Duration.ofSeconds(5)).until(() -> onA.received().size() == 1);

        cutPubSubConnection(a);
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.isListening(ch));
        CompletableFuture<?> last = null;
        for (int i = 1; i <= 100; i++) {
            last = b.publish(pub(ch, i), KEEP).toCompletableFuture();
        }
        last.join();
        assertThat(a.isListening(ch)).as("the 100 were published while A was not subscribed").isFalse();

        await().atMost(Duration.ofSeconds(15)).until(() -> onA.received().size() >= 101);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> onA.received().size() == 101);
        assertThat(onA.data()).containsExactlyElementsOf(expected(0, 100));
        assertThat(onA.received()).extracting(p -> p.position().offset())
                .containsExactlyElementsOf(List.of(expectedOffsets(1, 101)));
    }

    @Test
    @DisplayName("the engine reports onResubscribed for a listened channel once Redis confirmed it again after a cut,"
            + " never on the first subscribe")
    void reportsResubscribed() {
        RedisHub a = node(redis.address(), RedisServerExtension.uniquePrefix("resub"));
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/resub");
        List<OrgChannel> resubscribed = new CopyOnWriteArrayList<>();
        List<Boolean> listeningWhenReported = new CopyOnWriteArrayList<>();
        a.attach(new Hub.Listener() {
            @Override
            public void onPublication(Publication publication) {}

            @Override
            public void onResubscribed(OrgChannel channel) {
                resubscribed.add(channel);
                listeningWhenReported.add(a.isListening(channel));
            }

            @Override
            public void onClosed() {}
        });
        a.listen(ch);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.isListening(ch));
        assertThat(resubscribed).as("a first subscribe is no resubscribe").isEmpty();

        cutPubSubConnection(a);

        await().atMost(Duration.ofSeconds(10)).until(() -> !resubscribed.isEmpty());
        assertThat(resubscribed).containsExactly(ch);
        assertThat(listeningWhenReported).containsExactly(true);
    }

    @Test
    @DisplayName("without history the hole stays: what B published while A's PUB/SUB connection was cut never reaches A")
    void withoutHistoryTheHoleStays() {
        String prefix = RedisServerExtension.uniquePrefix("nohist");
        RedisHub a = node(redis.address(), prefix, Duration.ofSeconds(2));
        RedisHub b = node(redis.address(), prefix);
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/nohist");
        Recorder onA = new Recorder();
        local(a).subscribe(ch, onA);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.isListening(ch));
        b.publish(pub(ch, 0)).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(5)).until(() -> onA.received().size() == 1);

        cutPubSubConnection(a);
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.isListening(ch));
        CompletableFuture<?> last = null;
        for (int i = 1; i <= 100; i++) {
            last = b.publish(pub(ch, i)).toCompletableFuture();
        }
        last.join();
        assertThat(a.isListening(ch)).isFalse();
        await().atMost(Duration.ofSeconds(15)).until(() -> a.isListening(ch));
        b.publish(pub(ch, 101)).toCompletableFuture().join();

        await().atMost(Duration.ofSeconds(5)).until(() -> onA.received().size() >= 2);
        assertThat(onA.data()).containsExactly("{\"n\":0}", "{\"n\":101}");
    }

    private static Long[] expectedOffsets(long from, long to) {
        Long[] out = new Long[(int) (to - from + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    /** Kills only {@code node}'s PUB/SUB connection (CLIENT KILL ID), as a network cut would. */
    private static void cutPubSubConnection(RedisHub node) {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", redis.port()))) {
            String id = null;
            for (String line : j.clientList().split("\n")) {
                if (line.contains(" name=heliograph-" + node.nodeId() + " ") && !line.contains(" sub=0 ")) {
                    id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                }
            }
            assertThat(id).as("node " + node.nodeId() + "'s PUB/SUB connection").isNotNull();
            assertThat(j.clientKill(ClientKillParams.clientKillParams().id(id))).isEqualTo(1);
        }
    }
}
