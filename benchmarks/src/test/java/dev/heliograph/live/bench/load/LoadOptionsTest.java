package dev.heliograph.live.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LoadOptions and its command line")
class LoadOptionsTest {

    @Test
    @DisplayName("the defaults load 1,000 Centrifuge connections at 100 publications/s for 20 s over HTTP")
    void defaults() {
        LoadOptions options = CommandLine.parse();

        assertThat(options.protocol()).isEqualTo(LoadOptions.Protocol.CENTRIFUGE);
        assertThat(options.mode()).isEqualTo(LoadOptions.Mode.DELIVERIES);
        assertThat(options.connections()).isEqualTo(1_000);
        assertThat(options.publications()).isEqualTo(2_000);
        assertThat(options.publishVia()).isEqualTo(LoadOptions.PublishVia.HTTP);
        assertThat(options.target().http(options.publishPath()).toString())
                .isEqualTo("http://127.0.0.1:8080/api/live/publish");
        assertThat(options.channelName(0)).isEqualTo("grafana/broadcast/load");
    }

    @Test
    @DisplayName("options on the command line land in the matching fields")
    void parsesEveryOption() {
        LoadOptions options = CommandLine.parse("--url", "ws://localhost:9000/ws?x=1", "--connections", "30_000",
                "--channels", "4", "--rate", "1000", "--duration", "5", "--publish-via", "ws", "--idle", "--hold", "60",
                "--per-source", "20000", "--no-auth", "--payload-bytes", "0", "--org", "2");

        assertThat(options.target().webSocket().toString()).isEqualTo("ws://127.0.0.1:9000/ws?x=1");
        assertThat(options.connections()).isEqualTo(30_000);
        assertThat(options.channelName(3)).isEqualTo("grafana/broadcast/load-3");
        assertThat(options.publications()).isEqualTo(5_000);
        assertThat(options.publishVia()).isEqualTo(LoadOptions.PublishVia.WEBSOCKET);
        assertThat(options.mode()).isEqualTo(LoadOptions.Mode.IDLE);
        assertThat(options.hold()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.user()).isNull();
        assertThat(options.org()).isEqualTo(2);
    }

    @Test
    @DisplayName("the publication count is capped by --max-publications")
    void publicationsAreCapped() {
        assertThat(CommandLine.parse("--rate", "1000", "--duration", "60", "--max-publications", "500").publications())
                .isEqualTo(500);
    }

    @Test
    @DisplayName("--help asks for the help text instead of a run")
    void helpReturnsNull() {
        assertThat(CommandLine.parse("--connections", "5", "--help")).isNull();
        assertThat(CommandLine.HELP).contains("--idle").contains("--rate");
    }

    @Test
    @DisplayName("a target outside loopback is refused, naming the host")
    void refusesNonLoopbackTargets() {
        assertThatThrownBy(() -> CommandLine.parse("--url", "ws://192.168.1.10:8080/api/live/ws"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("192.168.1.10")
                .hasMessageContaining("127.0.0.0/8");
        assertThatThrownBy(() -> CommandLine.parse("--url", "ws://example.com:8080/"))
                .hasMessageContaining("example.com");
        assertThatThrownBy(() -> CommandLine.parse("--url", "wss://127.0.0.1:8443/")).hasMessageContaining("ws://");
    }

    @Test
    @DisplayName("rates, durations and counts beyond the safety bounds are refused with the value")
    void refusesOutOfBounds() {
        assertThatThrownBy(() -> CommandLine.parse("--rate", "1000000")).hasMessageContaining("--rate")
                .hasMessageContaining("1000000");
        assertThatThrownBy(() -> CommandLine.parse("--duration", "7200")).hasMessageContaining("--duration");
        assertThatThrownBy(() -> CommandLine.parse("--connections", "0")).hasMessageContaining("--connections");
        assertThatThrownBy(() -> CommandLine.parse("--connections", "10", "--channels", "11"))
                .hasMessageContaining("--channels");
    }

    @Test
    @DisplayName("more connections than the source addresses can carry are refused")
    void refusesConnectionsBeyondTheSources() {
        assertThatThrownBy(() -> CommandLine.parse("--source-from", "127.255.255.254", "--per-source", "10",
                "--connections", "11"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("127.255.255.255");
    }

    @Test
    @DisplayName("malformed values and unknown options are refused with what was given")
    void refusesMalformedInput() {
        assertThatThrownBy(() -> CommandLine.parse("--rate", "fast")).hasMessageContaining("'fast'");
        assertThatThrownBy(() -> CommandLine.parse("--protocol", "mqtt")).hasMessageContaining("'mqtt'")
                .hasMessageContaining("centrifuge");
        assertThatThrownBy(() -> CommandLine.parse("--frobnicate", "1")).hasMessageContaining("--frobnicate");
        assertThatThrownBy(() -> CommandLine.parse("--rate")).hasMessageContaining("--rate needs a value");
        assertThatThrownBy(() -> CommandLine.parse("--protocol", "stomp"))
                .hasMessageContaining("--publish-via ws");
    }
}
