package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Close reasons and error codes")
class DisconnectTest {

    @Test
    @DisplayName("refuse an error code that is not positive")
    void errorCodes() {
        assertThatThrownBy(() -> new CommandRejectedException(0, "x")).hasMessage("error code must be positive, got 0");
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
