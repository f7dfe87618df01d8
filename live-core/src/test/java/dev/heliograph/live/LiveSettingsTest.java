package dev.heliograph.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Live settings")
class LiveSettingsTest {

    @Test
    @DisplayName("default to Grafana's values and the reference server's timings")
    void defaults() {
        LiveSettings s = LiveSettings.defaults();
        assertThat(s.maxConnections()).isEqualTo(100);
        assertThat(s.messageSizeLimit()).isEqualTo(65536);
        assertThat(s.allowedOrigins()).isEmpty();
        assertThat(s.rootUrl()).isEmpty();
        assertThat(s.haEngine()).isEmpty();
        assertThat(s.haEngineAddress()).isEqualTo("127.0.0.1:6379");
        assertThat(s.webSocketPath()).isEqualTo("/api/live/ws");
        assertThat(s.httpApiPath()).isEqualTo("/api/live");
        assertThat(s.liveDisabled()).isFalse();
        assertThat(s.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(s.pongTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.outboundQueueBytes()).isEqualTo(1 << 20);
        assertThat(s.maxChannels()).isEqualTo(128);
        assertThat(s.maxMessagesPerFrame()).isEqualTo(16);
        assertThat(s.maxFrameBytes()).isEqualTo(65536);
        assertThat(s.bodyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.pushBodyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.pushBodyLimit()).isEqualTo(10 * 1024 * 1024);
        assertThat(s.pushMessageLimit()).isEqualTo(1024 * 1024);
        assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.fanoutParallelThreshold()).isEqualTo(512);
    }

    @Test
    @DisplayName("read Grafana's key names and text values from a map")
    void grafanaKeys() {
        Map<String, String> ini = new LinkedHashMap<>();
        ini.put("max_connections", " -1 ");
        ini.put("allowed_origins", "https://a.example.com, HTTPS://*.B.example.com,");
        ini.put("message_size_limit", "1024");
        ini.put("root_url", "https://live.example.com/grafana/");
        ini.put("ha_engine", "Redis");
        ini.put("ha_engine_address", "redis://cache:6380");
        ini.put("ha_engine_password", "s3cret");
        ini.put("ha_prefix", "grafana-live");
        ini.put("ping_interval", "5s");
        ini.put("pong_timeout", "1500ms");
        ini.put("shutdown_timeout", "PT3S");
        ini.put("command_rate_limit", "-1");
        ini.put("push_http_min_role", "editor");
        ini.put("fanout_parallel_threshold", "0");
        LiveSettings s = LiveSettings.fromMap(ini);
        assertThat(s.maxConnections()).isEqualTo(LiveSettings.UNLIMITED);
        assertThat(s.allowedOrigins()).containsExactly("https://a.example.com", "https://*.b.example.com");
        assertThat(s.messageSizeLimit()).isEqualTo(1024);
        assertThat(s.rootUrl()).get().hasToString("https://live.example.com/grafana/");
        assertThat(s.haEngine()).isEqualTo("redis");
        assertThat(s.haEngineAddress()).isEqualTo("redis://cache:6380");
        assertThat(s.haEnginePassword()).isEqualTo("s3cret");
        assertThat(s.haPrefix()).isEqualTo("grafana-live");
        assertThat(s.pingInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.pongTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.commandsPerSecond()).isEqualTo(-1);
        assertThat(s.pushHttpMinimumRole()).isEqualTo(LiveUser.Role.EDITOR);
        assertThat(s.fanoutParallelThreshold()).isZero();
        assertThatThrownBy(() -> LiveSettings.fromMap(Map.of("fanout_parallel_threshold", "-1")))
                .hasMessageContaining("fanout_parallel_threshold").hasMessageContaining("-1");
        assertThat(s.toString()).contains("ha_engine_password=***").doesNotContain("s3cret");
        assertThat(LiveSettings.fromMap(Map.of("max_connections", "0")).liveDisabled()).isTrue();
    }

    @Test
    @DisplayName("reject bad values naming the key, the value and the accepted form")
    void rejects() {
        assertThatThrownBy(() -> LiveSettings.fromMap(Map.of("max_connections", "lots")))
                .hasMessage("[live] max_connections must be a whole number, got 'lots'");
        assertThatThrownBy(() -> LiveSettings.builder().maxConnections(-2)).hasMessageContaining("got -2");
        assertThatThrownBy(() -> LiveSettings.fromMap(Map.of("message_size_limit", "0")))
                .hasMessage("[live] message_size_limit must be a positive number of bytes or -1 (unlimited), got 0");
        assertThatThrownBy(() -> LiveSettings.fromMap(Map.of("root_url", "ftp://x")))
                .hasMessageContaining("root_url 'ftp://x' needs an http or https scheme");
        assertThatThrownBy(() -> LiveSettings.fromMap(Map.of("ping_interval", "25")))
                .hasMessage("[live] ping_interval must be a duration such as 500ms, 25s, 2m, 1h or PT25S, got '25'");
        assertThatThrownBy(() -> LiveSettings.fromMap(Map.of("push_http_min_role", "root")))
                .hasMessage("[live] push_http_min_role must be viewer, editor or admin, got 'root'");
        assertThatThrownBy(() -> LiveSettings.builder().webSocketPath("ws")).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> LiveSettings.builder().bodyTimeout(Duration.ZERO))
                .hasMessage("[live] body_timeout must be a positive duration, got PT0S");
        assertThatThrownBy(() -> LiveSettings.builder().maxChannels(0)).hasMessage("[live] max_channels must be at least 1, got 0");
        assertThatThrownBy(() -> LiveSettings.builder().pingInterval(Duration.ofSeconds(5)).build())
                .hasMessage("[live] pong_timeout (PT10S) must be shorter than ping_interval (PT5S):"
                        + " a pong is awaited before the next ping");
    }

    @Test
    @DisplayName("report every unknown key at once, with the known ones")
    void unknownKeys() {
        assertThatThrownBy(() -> LiveSettings.fromMap(Map.of("ha_engin", "redis", "max_conections", "5")))
                .hasMessageStartingWith("unknown [live] settings ha_engin, max_conections; known: allowed_origins,")
                .hasMessageContaining("ha_engine, ha_engine_address");
    }

    @Test
    @DisplayName("let one message size limit govern the protocol, whoever built the node")
    void oneMessageSizeLimit() {
        try (LiveNode node = LiveNode.builder().settings(LiveSettings.builder().messageSizeLimit(1024).build()).build()) {
            assertThat(node.settings().messageSizeLimit()).isEqualTo(1024);
        }
    }
}
