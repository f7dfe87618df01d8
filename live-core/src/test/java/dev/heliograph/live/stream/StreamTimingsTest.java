package dev.heliograph.live.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StreamTimings")
class StreamTimingsTest {

    @Test
    void the_defaults_are_five_second_checks_three_at_zero_and_100ms_backoff_capped_at_5s() {
        StreamTimings t = StreamTimings.defaults();

        assertThat(t.checkInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(t.zeroChecksToStop()).isEqualTo(3);
        assertThat(t.quickFailure()).isEqualTo(Duration.ofMillis(100));
        assertThat(t.restartDelay(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(t.restartDelay(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(t.restartDelay(5)).isEqualTo(Duration.ofMillis(3200));
        assertThat(t.restartDelay(6)).isEqualTo(Duration.ofSeconds(5));
        assertThat(t.restartDelay(1000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void nonsense_timings_are_refused_with_the_offending_value() {
        assertThatThrownBy(() -> StreamTimings.builder().zeroChecksToStop(0).build())
                .hasMessageContaining("zeroChecksToStop must be at least 1, got 0");
        assertThatThrownBy(() -> StreamTimings.builder().checkInterval(Duration.ZERO).build())
                .hasMessageContaining("checkInterval must be positive, got PT0S");
        assertThatThrownBy(() -> StreamTimings.builder()
                        .restartBackoff(Duration.ofSeconds(2))
                        .maxRestartBackoff(Duration.ofSeconds(1))
                        .build())
                .hasMessageContaining("maxRestartBackoff PT1S is shorter than restartBackoff PT2S");
    }
}
