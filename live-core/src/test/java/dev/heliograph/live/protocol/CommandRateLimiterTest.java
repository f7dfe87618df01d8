package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The per-connection command rate limiter")
class CommandRateLimiterTest {

    private long now = 1_000_000_000_000L;

    private int acquired(CommandRateLimiter limiter, int tries) {
        int ok = 0;
        for (int i = 0; i < tries; i++) {
            if (limiter.tryAcquire()) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    @DisplayName("lets a full burst through at once, then nothing until time passes")
    void burstThenEmpty() {
        CommandRateLimiter limiter = CommandRateLimiter.of(10, 30, () -> now);

        assertThat(acquired(limiter, 100)).isEqualTo(30);
    }

    @Test
    @DisplayName("refills at the rate: one more command per tenth of a second at 10/s")
    void refills() {
        CommandRateLimiter limiter = CommandRateLimiter.of(10, 30, () -> now);
        acquired(limiter, 30);

        now += 100_000_000L;
        assertThat(acquired(limiter, 5)).isEqualTo(1);
        now += 1_000_000_000L;
        assertThat(acquired(limiter, 50)).isEqualTo(10);
    }

    @Test
    @DisplayName("never holds more than the burst however long the connection was idle")
    void capped() {
        CommandRateLimiter limiter = CommandRateLimiter.of(10, 30, () -> now);

        now += 3_600_000_000_000L;
        assertThat(acquired(limiter, 100)).isEqualTo(30);
    }

    @Test
    @DisplayName("is absent when the rate is unlimited (-1)")
    void unlimited() {
        assertThat(CommandRateLimiter.of(-1, 30, () -> now)).isNull();
    }
}
