package dev.heliograph.live.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.redis.RedisHub;
import dev.heliograph.live.redis.testing.RedisServerExtension;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine meters against a real redis-server the test starts on a free port: up while Redis
 * answers and down once it is killed, a reconnect counted when it is back, and PUB/SUB lag
 * samples taken from the listener connection's pings.
 */
class LiveMeterBinderRedisIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private RedisHub hub;
    private LiveNode node;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void start() {
        hub = RedisHub.builder().address(REDIS.address()).prefix(RedisServerExtension.uniquePrefix("metrics"))
                .connectTimeout(Duration.ofMillis(500)).reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(300))
                .pingInterval(Duration.ofMillis(100)).build();
        node = LiveNode.builder().hub(hub).build();
        registry = new SimpleMeterRegistry();
        new LiveMeterBinder(node).bindTo(registry);
    }

    @AfterEach
    void stop() {
        node.close();
        hub.close();
        REDIS.ensureRunning();
    }

    private double value(String name) {
        Meter meter = registry.find("heliograph.live." + name).tag("engine", "redis").meter();
        assertThat(meter).as(name).isNotNull();
        return meter.measure().iterator().next().getValue();
    }

    @Test
    void upDownAndReconnects() {
        await().atMost(5, TimeUnit.SECONDS).until(() -> value("engine.up") == 1);
        assertThat(value("engine.reconnects")).isZero();

        REDIS.stop();
        await().atMost(10, TimeUnit.SECONDS).until(() -> value("engine.up") == 0);

        REDIS.restart();
        await().atMost(10, TimeUnit.SECONDS).until(() -> value("engine.up") == 1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> value("engine.reconnects") >= 1);
    }

    @Test
    void pubSubLagSamples() {
        FunctionTimer lag = registry.find("heliograph.live.engine.pubsub.lag").functionTimer();
        assertThat(lag).isNotNull();
        await().atMost(5, TimeUnit.SECONDS).until(() -> lag.count() >= 3);
        assertThat(lag.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        double mean = lag.mean(TimeUnit.MILLISECONDS);
        assertThat(mean).isPositive().isLessThan(1000); // a ping's round trip on loopback, not the ping interval
    }
}
