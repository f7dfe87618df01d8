package dev.heliograph.live.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("heliograph.live.* properties")
class LivePropertiesTest {

    @Test
    @DisplayName("left unset, give the library's defaults")
    void unsetGivesDefaults() {
        LiveProperties p = new LiveProperties();
        assertThat(p.asGrafanaKeys()).isEmpty();
        LiveSettings s = p.toSettings();
        LiveSettings d = LiveSettings.defaults();
        assertThat(s.maxConnections()).isEqualTo(d.maxConnections());
        assertThat(s.messageSizeLimit()).isEqualTo(d.messageSizeLimit());
        assertThat(s.haEngine()).isEqualTo(d.haEngine());
        assertThat(s.pingInterval()).isEqualTo(d.pingInterval());
        assertThat(s.webSocketPath()).isEqualTo(d.webSocketPath());
    }

    @Test
    @DisplayName("map to Grafana's keys and into LiveSettings")
    void mapToSettings() {
        LiveProperties p = new LiveProperties();
        p.setMaxConnections(1000);
        p.setAllowedOrigins(List.of("https://*.example.com", "https://grafana.local"));
        p.setMessageSizeLimit(-1);
        p.setHaEngine("redis");
        p.setHaEngineAddress("redis://cache:6380");
        p.setHaEnginePassword("secret");
        p.setHaPrefix("app1");
        p.setPingInterval(Duration.ofMillis(1500));
        p.setPongTimeout(Duration.ofSeconds(1));
        p.setShutdownTimeout(Duration.ofSeconds(3));
        p.setCommandRateLimit(-1);
        p.setPushHttpMinRole(LiveUser.Role.EDITOR);
        p.setWebsocketPath("/live/ws");
        p.setHttpApiPath("/live/");

        assertThat(p.asGrafanaKeys()).containsEntry("max_connections", "1000")
                .containsEntry("allowed_origins", "https://*.example.com,https://grafana.local")
                .containsEntry("push_http_min_role", "editor");
        LiveSettings s = p.toSettings();
        assertThat(s.maxConnections()).isEqualTo(1000);
        assertThat(s.allowedOrigins()).containsExactly("https://*.example.com", "https://grafana.local");
        assertThat(s.messageSizeLimit()).isEqualTo(LiveSettings.UNLIMITED);
        assertThat(s.haEngine()).isEqualTo("redis");
        assertThat(s.haEngineAddress()).isEqualTo("redis://cache:6380");
        assertThat(s.haEnginePassword()).isEqualTo("secret");
        assertThat(s.haPrefix()).isEqualTo("app1");
        assertThat(s.pingInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.pongTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.pushHttpMinimumRole()).isEqualTo(LiveUser.Role.EDITOR);
        assertThat(s.webSocketPath()).isEqualTo("/live/ws");
        assertThat(s.httpApiPath()).isEqualTo("/live");
    }

    @Test
    @DisplayName("refuse a bad value naming Grafana's key")
    void badValueNamesTheKey() {
        LiveProperties p = new LiveProperties();
        p.setMessageSizeLimit(0);
        assertThatThrownBy(p::toSettings).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message_size_limit");
    }
}
