package dev.heliograph.live.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MinuteRate")
class MinuteRateTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    @DisplayName("counts every event of the last 60 seconds")
    void countsWithinWindow() {
        MinuteRate rate = new MinuteRate();
        for (int s = 0; s < 60; s++) {
            rate.mark(T0 + s * 1000L);
            rate.mark(T0 + s * 1000L + 999);
        }
        assertThat(rate.perMinute(T0 + 59_999)).isEqualTo(120);
    }

    @Test
    @DisplayName("events older than 60 seconds drop out one second at a time")
    void slidesOut() {
        MinuteRate rate = new MinuteRate();
        rate.mark(T0);
        rate.mark(T0 + 30_000);
        assertThat(rate.perMinute(T0 + 59_000)).isEqualTo(2);
        assertThat(rate.perMinute(T0 + 60_000)).isEqualTo(1);
        assertThat(rate.perMinute(T0 + 90_000)).isZero();
    }

    @Test
    @DisplayName("a bucket reused a minute later starts again from zero")
    void reusesBuckets() {
        MinuteRate rate = new MinuteRate();
        rate.mark(T0);
        rate.mark(T0);
        rate.mark(T0 + 60_000);
        assertThat(rate.perMinute(T0 + 60_000)).isEqualTo(1);
    }

    @Test
    @DisplayName("a reader with an older clock does not count events from its future")
    void ignoresFuture() {
        MinuteRate rate = new MinuteRate();
        rate.mark(T0 + 5_000);
        assertThat(rate.perMinute(T0)).isZero();
    }

    @Test
    @DisplayName("concurrent marks are all counted")
    void threadSafe() throws InterruptedException {
        MinuteRate rate = new MinuteRate();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    rate.mark(T0 + (i % 60) * 1000L);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(rate.perMinute(T0 + 59_000)).isEqualTo(40_000);
    }
}
