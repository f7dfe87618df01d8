package dev.heliograph.live.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.redis.RedisHub;
import dev.heliograph.live.redis.testing.RedisProcess;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@DisplayName("The starter with heliograph.live.ha-engine=redis, on a real redis-server")
class LiveRedisHealthIT {

    @Test
    @DisplayName("builds the node on the Redis engine, and the live health indicator follows Redis down and up")
    void redisEngineAndHealth() {
        try (RedisProcess redis = RedisProcess.server()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(LiveAutoConfiguration.class, LiveHealthAutoConfiguration.class))
                    .withPropertyValues("heliograph.live.ha-engine=redis",
                            "heliograph.live.ha-engine-address=" + redis.hostPort(),
                            "heliograph.live.ha-prefix=starter" + ProcessHandle.current().pid())
                    .run(ctx -> {
                        assertThat(ctx.getBean(LiveNode.class).hub()).isInstanceOf(RedisHub.class);
                        LiveHealthIndicator health = ctx.getBean(LiveHealthIndicator.class);
                        await().atMost(Duration.ofSeconds(15)).until(() -> health.health().getStatus().getCode().equals("UP"));
                        assertThat(health.health().getDetails()).containsEntry("engine", "redis");

                        redis.stop();
                        await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().getCode().equals("DOWN"));

                        redis.restart();
                        await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().getCode().equals("UP"));
                    });
        }
    }
}
