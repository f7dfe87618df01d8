package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Live settings")
class LiveSettingsTest {

    @Test
    @DisplayName("default to Grafana's values")
    void defaults() {
        LiveSettings s = LiveSettings.defaults();
        assertThat(s.maxConnections()).isEqualTo(100);
        assertThat(s.messageSizeLimit()).isEqualTo(65536);
        assertThat(s.allowedOrigins()).isEmpty();
        assertThat(s.rootUrl()).isEmpty();
        assertThat(s.webSocketPath()).isEqualTo("/api/live/ws");
        assertThat(s.liveDisabled()).isFalse();
        assertThat(s.bodyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.push().bodyTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("accept Grafana's key names and text values")
    void grafanaKeys() {
        LiveSettings s = LiveSettings.builder()
                .set("max_connections", " -1 ")
                .set("allowed_origins", "https://a.example.com, HTTPS://*.B.example.com,")
                .set("message_size_limit", "1024")
                .set("root_url", "https://live.example.com/grafana/")
                .build();
        assertThat(s.maxConnections()).isEqualTo(LiveSettings.UNLIMITED);
        assertThat(s.allowedOrigins()).containsExactly("https://a.example.com", "https://*.b.example.com");
        assertThat(s.messageSizeLimit()).isEqualTo(1024);
        assertThat(s.rootUrl()).get().hasToString("https://live.example.com/grafana/");
        assertThat(LiveSettings.builder().set("max_connections", "0").build().liveDisabled()).isTrue();
    }

    @Test
    @DisplayName("reject bad values naming the key and the value")
    void rejects() {
        assertThatThrownBy(() -> LiveSettings.builder().set("max_connections", "lots"))
                .hasMessage("[live] max_connections must be a whole number, got 'lots'");
        assertThatThrownBy(() -> LiveSettings.builder().maxConnections(-2)).hasMessageContaining("got -2");
        assertThatThrownBy(() -> LiveSettings.builder().set("message_size_limit", "0"))
                .hasMessageContaining("message_size_limit must be a positive number of bytes or -1 (unlimited), got 0");
        assertThatThrownBy(() -> LiveSettings.builder().set("root_url", "ftp://x"))
                .hasMessageContaining("root_url 'ftp://x' needs an http or https scheme");
        assertThatThrownBy(() -> LiveSettings.builder().set("ha_engin", "redis"))
                .hasMessageContaining("unknown setting 'ha_engin'");
        assertThatThrownBy(() -> LiveSettings.builder().webSocketPath("ws")).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> LiveSettings.builder().bodyTimeout(Duration.ZERO))
                .hasMessage("bodyTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> PushSettings.builder().bodyTimeout(Duration.ofSeconds(-1)))
                .hasMessage("push bodyTimeout must be positive, got PT-1S");
    }
}
