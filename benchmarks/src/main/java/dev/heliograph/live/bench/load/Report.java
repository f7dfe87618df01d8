package dev.heliograph.live.bench.load;

import java.util.Locale;
import java.util.Map;

/**
 * Formats the load tool's figures as plain text lines, one topic per line, for the console and
 * for copying into {@code benchmarks/results/load.md}. Stateless; called on the main thread.
 */
final class Report {
    private Report() {}

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    static String distribution(LatencyHistogram histogram) {
        return "p50 " + millis(histogram.percentile(0.50)) + ", p99 " + millis(histogram.percentile(0.99))
                + ", p99.9 " + millis(histogram.percentile(0.999)) + ", max " + millis(histogram.max())
                + " (n=" + histogram.count() + ")";
    }

    static String connect(LoadOptions options, LoadStats stats, long openNanos) {
        return String.format(Locale.ROOT, "connect: %d of %d subscribed in %.2f s (%s); %d failed",
                stats.ready.sum(), options.connections(), openNanos / 1e9, distribution(stats.connectTime),
                stats.connectFailures.sum());
    }

    static String failures(LoadStats stats) {
        Map<String, Long> failures = stats.failures();
        if (failures.isEmpty()) {
            return "failures: none";
        }
        StringBuilder text = new StringBuilder("failures:");
        failures.forEach((reason, count) -> text.append("\n  ").append(count).append(" x ").append(reason));
        return text.toString();
    }
}
