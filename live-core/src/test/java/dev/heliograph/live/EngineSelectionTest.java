package dev.heliograph.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.hub.LocalHub;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** live-core's tests do not have live-redis on their class path: the missing-artifact error is real here. */
@DisplayName("A node built from settings")
class EngineSelectionTest {

    @Test
    @DisplayName("runs on the in-memory engine when ha_engine is empty, and closes it")
    void inMemory() {
        LiveNode node = LiveNode.builder().settings(LiveSettings.fromMap(Map.of("ha_engine", ""))).build();
        assertThat(node.hub()).isInstanceOf(LocalHub.class);
        node.close();
    }

    @Test
    @DisplayName("names the missing artifact when ha_engine = redis and live-redis is not on the class path")
    void redisWithoutTheArtifact() {
        LiveNode.Builder b = LiveNode.builder().settings(LiveSettings.fromMap(Map.of("ha_engine", "redis")));
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[live] ha_engine = redis needs the artifact dev.heliograph:live-redis on the class path");
    }

    @Test
    @DisplayName("refuses an engine nobody provides, naming the accepted values")
    void unknownEngine() {
        LiveNode.Builder b = LiveNode.builder().settings(LiveSettings.fromMap(Map.of("ha_engine", "etcd")));
        assertThatThrownBy(b::build).hasMessage("[live] ha_engine must be empty (in-memory) or redis, got 'etcd'");
    }

    @Test
    @DisplayName("runs its timers on one pool it owns, or on the host's pool without shutting it down")
    void oneTimerPool() {
        LiveNode own = LiveNode.builder().build();
        ScheduledExecutorService pool = own.scheduler();
        own.close();
        assertThat(pool.isShutdown()).isTrue();

        ScheduledThreadPoolExecutor hosts = new ScheduledThreadPoolExecutor(1);
        try {
            LiveNode node = LiveNode.builder().scheduler(hosts).build();
            assertThat(node.scheduler()).isSameAs(hosts);
            node.close();
            assertThat(hosts.isShutdown()).isFalse();
        } finally {
            hosts.shutdownNow();
        }
    }
}
