package dev.heliograph.live.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A node built from settings with ha_engine = redis, on a real redis-server")
class RedisHubFactoryIT {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Test
    @DisplayName("runs on a connected Redis engine with the settings' address and prefix, and closes it")
    void redisEngineFromSettings() throws Exception {
        String prefix = RedisServerExtension.uniquePrefix("factory");
        LiveNode node = LiveNode.builder().settings(LiveSettings.fromMap(Map.of(
                "ha_engine", "redis", "ha_engine_address", redis.address(), "ha_prefix", prefix))).build();
        RedisHub hub;
        try {
            assertThat(node.hub()).isInstanceOf(RedisHub.class);
            hub = (RedisHub) node.hub();
            await().atMost(Duration.ofSeconds(10)).until(hub::isConnected);
            node.publishFromServer(OrgChannel.of(1, "grafana/broadcast/factory"), RawJson.parse("{\"x\":1}"))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(hub.toString()).contains(String.valueOf(redis.port())).contains("keys " + prefix + ".gf_live");
        } finally {
            node.close();
        }
        assertThat(hub.isConnected()).isFalse();
    }

    @Test
    @DisplayName("names the key and the accepted form when the address or prefix cannot work")
    void badValues() {
        assertThatThrownBy(() -> LiveNode.builder().settings(LiveSettings.fromMap(Map.of(
                "ha_engine", "redis", "ha_engine_address", "mongodb://127.0.0.1:1"))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("[live] ha_engine_address 'mongodb://127.0.0.1:1': ")
                .hasMessageContaining("redis://[:password@]host:port");
        assertThatThrownBy(() -> LiveNode.builder().settings(LiveSettings.fromMap(Map.of(
                "ha_engine", "redis", "ha_prefix", "bad prefix"))).build())
                .hasMessageStartingWith("[live] ha_prefix 'bad prefix' contains ' '");
    }
}
