package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.LiveSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The demo server's configuration")
class DemoConfigTest {

    @Test
    @DisplayName("reads Grafana's [live] and [server] keys from live.ini, and flags override them")
    void iniThenFlags(@TempDir Path dir) throws Exception {
        Path ini = dir.resolve("live.ini");
        Files.writeString(ini, """
                ; comment
                [server]
                http_port = 3100
                root_url = https://live.example.com/
                [live]
                max_connections = 7
                allowed_origins = https://a.example.com
                ha_prefix = demo
                [other]
                max_connections = 999
                """);

        DemoConfig c = DemoConfig.parse("--config", ini.toString(), "--max-connections=-1");
        LiveSettings s = c.settings();

        assertThat(c.port()).isEqualTo(3100);
        assertThat(s.maxConnections()).isEqualTo(-1);
        assertThat(s.allowedOrigins()).containsExactly("https://a.example.com");
        assertThat(s.rootUrl()).get().hasToString("https://live.example.com/");
        assertThat(s.haPrefix()).isEqualTo("demo");
        assertThat(s.haEngine()).isEmpty();
    }

    @Test
    @DisplayName("says what is wrong with a bad flag or value")
    void rejects(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> DemoConfig.parse("--prot", "1")).hasMessageContaining("unknown flag --prot");
        assertThatThrownBy(() -> DemoConfig.parse("--port")).hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> DemoConfig.parse("--port", "70000")).hasMessageContaining("got '70000'");
        assertThatThrownBy(() -> DemoConfig.parse("--message-size-limit", "big"))
                .hasMessageContaining("message_size_limit must be a whole number, got 'big'");
        assertThatThrownBy(() -> DemoServer.start("--port", "0", "--ha-engine", "etcd"))
                .hasMessageStartingWith("[live] ha_engine must be empty (in-memory) or redis").hasMessageEndingWith("got 'etcd'");
        assertThatThrownBy(() -> DemoConfig.parse("--ping-interval", "1", "--config", "/nonexistent.ini"))
                .hasMessageContaining("cannot read config file");
        Path ini = dir.resolve("bad.ini");
        Files.writeString(ini, "[live]\nmax_connections\n");
        assertThatThrownBy(() -> DemoConfig.parse("--config", ini.toString()))
                .hasMessageContaining("line 2: expected key = value");
    }

    @Test
    @DisplayName("JWT tokens are off by default; --jwt-hs256-secret needs 32 bytes, --token-expiry-grace seconds")
    void jwtFlags() throws Exception {
        DemoConfig off = DemoConfig.parse();
        assertThat(off.jwtHs256Secret()).isNull();
        assertThat(off.settings().tokenExpiryGrace()).hasSeconds(25);

        DemoConfig on = DemoConfig.parse("--jwt-hs256-secret", "0123456789abcdef0123456789abcdef",
                "--token-expiry-grace", "1.5");
        assertThat(on.jwtHs256Secret()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(on.settings().tokenExpiryGrace()).hasMillis(1500);

        assertThatThrownBy(() -> DemoConfig.parse("--jwt-hs256-secret", "short"))
                .hasMessageContaining("--jwt-hs256-secret must have at least 32 bytes");
        assertThatThrownBy(() -> DemoConfig.parse("--token-expiry-grace", "soon"))
                .hasMessageContaining("--token-expiry-grace must be a number of seconds");
    }

    @Test
    @DisplayName("loads users with orgs, roles and tokens, and names the bad line")
    void users(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "# users\nadmin:secret:1:Admin:tok-1\nview:pw:2:viewer\n");
        DemoUsers users = DemoUsers.load(file);
        assertThat(users.byPassword("admin", "secret")).get().extracting(u -> u.orgId()).isEqualTo(1L);
        assertThat(users.byPassword("admin", "wrong")).isEmpty();
        assertThat(users.byToken("tok-1")).get().extracting(u -> u.login()).isEqualTo("admin");
        assertThat(users.byPassword("view", "pw")).get().extracting(u -> u.role().name()).isEqualTo("VIEWER");

        Files.writeString(file, "admin:secret:1:Boss\n");
        assertThatThrownBy(() -> DemoUsers.load(file)).hasMessageContaining("line 1: role must be Viewer, Editor or Admin");
    }
}
