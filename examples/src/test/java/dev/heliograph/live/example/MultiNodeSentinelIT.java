package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.jakarta.LiveTestClient;
import dev.heliograph.live.redis.testing.SentinelGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Two demo servers on a Sentinel-managed Redis (ha_engine_address = sentinel://...)")
class MultiNodeSentinelIT {
    private static final String CHANNEL = "grafana/broadcast/failover";

    private SentinelGroup group;
    private TwoNodes nodes;

    @AfterEach
    void stop() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
        if (group != null) {
            group.close();
        }
    }

    @Test
    @DisplayName("when the master dies, both nodes follow the promoted replica and cross-node delivery resumes")
    void followsFailover() throws Exception {
        group = new SentinelGroup(1);
        await().atMost(group.failoverBudget()).pollInterval(Duration.ofMillis(200)).until(group::isReady);
        nodes = TwoNodes.start(group.address(), "sentinel-e2e");
        nodes.awaitConnected(Duration.ofSeconds(10));
        LiveTestClient onA = nodes.connect(nodes.a);
        assertThat(onA.subscribe("1/" + CHANNEL).has("error")).isFalse();
        nodes.awaitListening(nodes.a, CHANNEL);
        assertThat(nodes.publish(nodes.b, CHANNEL, "{\"text\":\"before failover\"}").statusCode()).isEqualTo(200);
        onA.awaitPublication("1/" + CHANNEL, d -> d.path("text").asText().equals("before failover"));

        group.master().stop();
        long killed = System.nanoTime();

        await().atMost(group.failoverBudget()).pollInterval(Duration.ofMillis(100))
                .until(() -> group.reportedMasterPort() == group.replica().port());
        long promoted = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger told = new AtomicInteger(); // 2500 after the failover: a new epoch (see TwoNodes)
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(() -> {
            TwoNodes.resubscribeOnInsufficientState(onA, "1/" + CHANNEL, told);
            nodes.publish(nodes.b, CHANNEL, "{\"text\":\"after failover #" + sent.incrementAndGet() + "\"}");
            return onA.count(m -> m.path("push").path("pub").path("data").path("text").asText()
                    .startsWith("after failover #")) > 0;
        });
        long resumed = System.nanoTime();
        assertThat(TwoNodes.hub(nodes.a).isConnected() && TwoNodes.hub(nodes.b).isConnected()).isTrue();
        System.out.println("[measured] Sentinel failover: replica promoted " + (promoted - killed) / 1_000_000
                + " ms after the master was killed; cross-node delivery resumed " + (resumed - promoted) / 1_000_000
                + " ms after the promotion (" + (resumed - killed) / 1_000_000 + " ms in all)");
    }
}
