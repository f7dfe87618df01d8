package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.testing.LogCapture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A throttled warning")
class ThrottledWarningTest {

    @Test
    @DisplayName("warns once per interval, sends the rest to DEBUG and counts them in the next warning")
    void oncePerInterval() {
        AtomicLong clock = new AtomicLong(1_000);
        System.Logger log = System.getLogger(ThrottledWarningTest.class.getName());
        ThrottledWarning warning = new ThrottledWarning(log, Duration.ofSeconds(10), clock::get);
        try (LogCapture captured = new LogCapture(ThrottledWarningTest.class)) {
            assertThat(warning.log(() -> "first")).isTrue();
            assertThat(warning.log(() -> "second")).isFalse();
            clock.addAndGet(Duration.ofSeconds(9).toNanos());
            assertThat(warning.log(() -> "third")).isFalse();
            clock.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(warning.log(() -> "fourth")).isTrue();
            assertThat(warning.log(() -> "fifth")).isFalse();

            assertThat(captured.messages()).containsExactly("first", "second", "third",
                    "fourth (and 2 more like it in the last 10 s, logged at DEBUG)", "fifth");
        }
    }
}
