package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Protocol settings and close reasons")
class ProtocolSettingsTest {

    @Test
    @DisplayName("default to the reference server's timings and limits")
    void defaults() {
        try (ProtocolSettings s = ProtocolSettings.defaults()) {
            assertThat(s.pingInterval()).isEqualTo(Duration.ofSeconds(25));
            assertThat(s.pongTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
            assertThat(s.outboundQueueBytes()).isEqualTo(1 << 20);
            assertThat(s.maxChannels()).isEqualTo(128);
            assertThat(s.messageSizeLimit()).isEqualTo(65536);
            assertThat(s.maxMessagesPerFrame()).isEqualTo(16);
            assertThat(s.maxFrameBytes()).isEqualTo(65536);
            assertThat(s.rpcMethods()).isEmpty();
            assertThat(s.refreshHandler()).isNull();
        }
    }

    @Test
    @DisplayName("shut down only a timer pool they created themselves")
    void schedulerOwnership() {
        ScheduledExecutorService mine = Executors.newSingleThreadScheduledExecutor();
        try {
            ProtocolSettings.builder().scheduler(mine).build().close();
            assertThat(mine.isShutdown()).isFalse();
        } finally {
            mine.shutdownNow();
        }
        ProtocolSettings own = ProtocolSettings.defaults();
        own.close();
        own.close();
        assertThat(own.scheduler().isShutdown()).isTrue();
    }

    @Test
    @DisplayName("refuse values that cannot work, saying which and why")
    void validation() {
        assertThatThrownBy(() -> ProtocolSettings.builder().pingInterval(Duration.ofSeconds(5)).build())
                .hasMessage("pongTimeout (PT10S) must be shorter than pingInterval (PT5S)");
        assertThatThrownBy(() -> ProtocolSettings.builder().pingInterval(Duration.ZERO))
                .hasMessage("pingInterval must be positive, got PT0S");
        assertThatThrownBy(() -> ProtocolSettings.builder().messageSizeLimit(10))
                .hasMessage("messageSizeLimit must be -1 (unlimited) or at least 64 bytes, got 10");
        assertThatThrownBy(() -> ProtocolSettings.builder().maxChannels(0)).hasMessage("maxChannels must be at least 1, got 0");
        assertThatThrownBy(() -> ProtocolSettings.builder().rpcMethod("", (u, d) -> d))
                .hasMessage("rpc method name must not be empty");
        assertThatThrownBy(() -> new CommandRejectedException(0, "x")).hasMessage("error code must be positive, got 0");
        assertThat(ProtocolSettings.builder().messageSizeLimit(-1)).isNotNull();
    }

    @Test
    @DisplayName("cut a bad-request reason to what a close frame carries, on a character boundary")
    void reasonsFitACloseFrame() {
        Disconnect d = Disconnect.badRequest("publish to 1/grafana/broadcast/" + "\u00e9".repeat(100) + " without data");

        byte[] utf8 = d.reason().getBytes(StandardCharsets.UTF_8);
        assertThat(d.code()).isEqualTo(3501);
        assertThat(utf8.length).isLessThanOrEqualTo(123);
        assertThat(d.reason()).startsWith("bad request: publish to 1/grafana/broadcast/\u00e9").endsWith("\u00e9...");
        assertThat(Disconnect.badRequest("second connect").reason()).isEqualTo("bad request: second connect");
    }
}
