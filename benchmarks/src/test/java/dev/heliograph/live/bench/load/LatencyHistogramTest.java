package dev.heliograph.live.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LatencyHistogram")
class LatencyHistogramTest {

    @Test
    @DisplayName("an empty histogram reports zero for every percentile and the maximum")
    void emptyReportsZero() {
        LatencyHistogram histogram = new LatencyHistogram();

        assertThat(histogram.count()).isZero();
        assertThat(histogram.percentile(0.99)).isZero();
        assertThat(histogram.max()).isZero();
    }

    @Test
    @DisplayName("small values are counted exactly")
    void smallValuesAreExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) {
            histogram.record(v);
        }

        assertThat(histogram.percentile(0.5)).isEqualTo(50);
        assertThat(histogram.percentile(0.99)).isEqualTo(99);
        assertThat(histogram.percentile(1.0)).isEqualTo(100);
    }

    @Test
    @DisplayName("percentiles of random latencies are within 1.6% above the exact sorted value")
    void percentilesMatchSortedSamplesWithinBucketError() {
        LatencyHistogram histogram = new LatencyHistogram();
        Random random = new Random(42);
        long[] samples = new long[100_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (long) Math.exp(8 + random.nextDouble() * 12);
            histogram.record(samples[i]);
        }
        Arrays.sort(samples);

        for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
            long exact = samples[(int) Math.ceil(q * samples.length) - 1];
            assertThat(histogram.percentile(q)).as("p%s", q * 100).isBetween(exact, (long) (exact * 1.016) + 1);
        }
        assertThat(histogram.max()).isEqualTo(samples[samples.length - 1]);
    }

    @Test
    @DisplayName("every bucket's highest value maps back to that bucket, and the next value to the next")
    void bucketBoundsAreConsistent() {
        for (int index = 0; index < 3_000; index++) {
            long highest = LatencyHistogram.highestValueIn(index);
            assertThat(LatencyHistogram.indexOf(highest)).isEqualTo(index);
            assertThat(LatencyHistogram.indexOf(highest + 1)).isEqualTo(index + 1);
        }
        assertThat(LatencyHistogram.indexOf(Long.MAX_VALUE)).isLessThan(3_712);
    }

    @Test
    @DisplayName("a negative duration counts as zero")
    void negativeCountsAsZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(-5);

        assertThat(histogram.count()).isOne();
        assertThat(histogram.percentile(1.0)).isZero();
    }

    @Test
    @DisplayName("recording from several threads at once loses no value")
    void concurrentRecordingLosesNothing() throws InterruptedException {
        LatencyHistogram histogram = new LatencyHistogram();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            threads.execute(() -> {
                for (int i = 0; i < 50_000; i++) {
                    histogram.record(1_000_000);
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(histogram.count()).isEqualTo(200_000);
        assertThat(histogram.percentile(0.5)).isCloseTo(1_000_000L, within(16_000L));
    }

    @Test
    @DisplayName("a quantile outside [0, 1] is refused with the offending value")
    void quantileOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new LatencyHistogram().percentile(99))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("99.0");
    }
}
