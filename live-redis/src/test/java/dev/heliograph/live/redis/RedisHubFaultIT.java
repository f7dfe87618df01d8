package dev.heliograph.live.redis;

import static dev.heliograph.live.redis.testing.NodeSide.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.HubUnavailableException;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.redis.testing.RedisProcess;
import dev.heliograph.live.redis.testing.RedisServerExtension;
import dev.heliograph.live.testing.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

@DisplayName("RedisHub when Redis goes away and comes back")
class RedisHubFaultIT {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private final List<RedisHub> hubs = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        hubs.forEach(RedisHub::close);
        redis.ensureRunning();
    }

    private RedisHub node(String address, String prefix) {
        RedisHub hub = RedisHub.builder().address(address).prefix(prefix)
                .connectTimeout(Duration.ofMillis(500)).reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .build();
        hubs.add(hub);
        return hub;
    }

    private static Publication pub(OrgChannel ch, String json) {
        return Publication.of(ch, RawJson.parse(json));
    }

    private static Throwable failureOf(CompletableFuture<?> stage) {
        try {
            stage.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    @DisplayName("Redis killed while subscribed: local delivery goes on, publish fails with HubUnavailableException,"
            + " and after a restart cross-node delivery resumes within 5 s on the same hubs")
    void killAndRestart() {
        String prefix = RedisServerExtension.uniquePrefix("fault");
        RedisHub a = node(redis.address(), prefix);
        RedisHub b = node(redis.address(), prefix);
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/fault");
        Recorder onB = new Recorder();
        local(b).subscribe(ch, onB);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.isListening(ch));
        a.publish(pub(ch, "{\"before\":true}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> onB.received().size() == 1);

        redis.stop();

        await().atMost(Duration.ofSeconds(5)).until(() -> !a.isConnected() && !b.isConnected());
        local(b).dispatch(pub(ch, "{\"local\":true}"));
        assertThat(onB.data()).containsExactly("{\"before\":true}", "{\"local\":true}");
        assertThat(failureOf(a.publish(pub(ch, "{\"lost\":true}")).toCompletableFuture()))
                .isInstanceOf(HubUnavailableException.class).hasMessageContaining("unreachable");
        assertThatThrownBy(() -> a.presence().list(ch)).isInstanceOf(HubUnavailableException.class);
        assertThatThrownBy(() -> a.frameCache().list(1)).isInstanceOf(HubUnavailableException.class);
        assertThat(local(b).count(ch)).isEqualTo(1);

        redis.restart();
        long restarted = System.nanoTime();

        await().atMost(Duration.ofSeconds(5)).until(() -> a.isConnected() && b.isListening(ch));
        a.publish(pub(ch, "{\"after\":true}")).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(5)).until(() -> onB.received().size() == 3);
        assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(Duration.ofSeconds(5));
        assertThat(onB.data()).containsExactly("{\"before\":true}", "{\"local\":true}", "{\"after\":true}");
        a.presence().add(ch, ClientInfo.of("u", "c"));
        assertThat(b.presence().list(ch)).containsOnlyKeys("c");
    }

    @Test
    @DisplayName("Redis down at start: the hub is built anyway, serves local subscribers, and connects once Redis is up")
    void downAtStart() {
        redis.stop();
        String prefix = RedisServerExtension.uniquePrefix("late");
        long t0 = System.nanoTime();
        RedisHub a = node(redis.address(), prefix);
        RedisHub b = node(redis.address(), prefix);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(a.isConnected()).isFalse();
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/late");
        Recorder onB = new Recorder();
        local(b).subscribe(ch, onB);
        local(b).dispatch(pub(ch, "{\"local\":1}"));
        assertThat(onB.data()).containsExactly("{\"local\":1}");
        assertThat(failureOf(a.publish(pub(ch, "{\"x\":1}")).toCompletableFuture()))
                .isInstanceOf(HubUnavailableException.class);

        redis.restart();

        await().atMost(Duration.ofSeconds(5)).until(() -> a.isConnected() && b.isListening(ch));
        a.publish(pub(ch, "{\"remote\":1}")).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(5)).until(() -> onB.received().size() == 2);
        assertThat(onB.data()).containsExactly("{\"local\":1}", "{\"remote\":1}");
    }

    @Test
    @DisplayName("every publish of a burst cut by a Redis crash completes, normally or with HubUnavailableException")
    void burstDuringCrash() {
        String prefix = RedisServerExtension.uniquePrefix("burst");
        RedisHub a = node(redis.address(), prefix);
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/burst");
        List<CompletableFuture<?>> stages = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            stages.add(a.publish(pub(ch, "{\"i\":" + i + "}")).toCompletableFuture());
            if (i == 5_000) {
                redis.stop();
            }
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> stages.stream().allMatch(CompletableFuture::isDone));
        assertThat(stages).filteredOn(CompletableFuture::isCompletedExceptionally).isNotEmpty()
                .allSatisfy(s -> assertThat(failureOf(s)).isInstanceOf(HubUnavailableException.class));
    }

    @Test
    @DisplayName("close() returns within 3 s while Redis cannot be reached")
    void boundedClose() {
        RedisHub hub = node("127.0.0.1:" + RedisProcess.freePort(), "unreachable");
        local(hub).subscribe(OrgChannel.of(1, "grafana/broadcast/x"), new Recorder());
        hub.publish(pub(OrgChannel.of(1, "grafana/broadcast/x"), "{}"));

        long t0 = System.nanoTime();
        hub.close();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("a Redis that closes our PUB/SUB connection (CLIENT KILL) is reconnected and resubscribed")
    void clientKilled() {
        String prefix = RedisServerExtension.uniquePrefix("killed");
        RedisHub a = node(redis.address(), prefix);
        RedisHub b = node(redis.address(), prefix);
        OrgChannel ch = OrgChannel.of(1, "grafana/broadcast/killed");
        Recorder onB = new Recorder();
        local(b).subscribe(ch, onB);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.isListening(ch));

        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", redis.port()))) {
            j.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub");
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> {
            a.publish(pub(ch, "{\"probe\":true}"));
            return !onB.received().isEmpty();
        });
    }
}
