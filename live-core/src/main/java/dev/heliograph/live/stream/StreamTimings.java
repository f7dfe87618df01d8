package dev.heliograph.live.stream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When data-source and plugin streams are stopped and restarted. The defaults are Grafana's:
 * the local subscriber count is checked every 5 s and a run is cancelled after 3 checks in a row
 * at zero; a run that threw after running at least 100 ms is restarted at once, one that failed
 * sooner after {@code 100 ms * 2^n} (n = quick failures so far), capped at 5 s. Tests shorten
 * them with {@link #builder()}. Immutable.
 *
 * @param checkInterval      how often the local subscriber count is checked
 * @param zeroChecksToStop   how many checks in a row at zero cancel the run
 * @param quickFailure       a run that throws sooner than this is a quick failure
 * @param restartBackoff     the delay after the first quick failure, doubled after each next one
 * @param maxRestartBackoff  the longest delay
 */
public record StreamTimings(
        Duration checkInterval,
        int zeroChecksToStop,
        Duration quickFailure,
        Duration restartBackoff,
        Duration maxRestartBackoff) {

    private static final StreamTimings DEFAULTS = new StreamTimings(
            Duration.ofSeconds(5), 3, Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(5));

    public StreamTimings {
        positive("checkInterval", checkInterval);
        positive("quickFailure", quickFailure);
        positive("restartBackoff", restartBackoff);
        positive("maxRestartBackoff", maxRestartBackoff);
        if (zeroChecksToStop < 1) {
            throw new IllegalArgumentException("zeroChecksToStop must be at least 1, got " + zeroChecksToStop);
        }
        if (maxRestartBackoff.compareTo(restartBackoff) < 0) {
            throw new IllegalArgumentException("maxRestartBackoff " + maxRestartBackoff
                    + " is shorter than restartBackoff " + restartBackoff);
        }
    }

    /** Grafana's timings: 5 s, 3 checks, 100 ms, 100 ms, 5 s. */
    public static StreamTimings defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The delay before restarting after the {@code (quickFailures + 1)}-th quick failure in a
     * row: {@code restartBackoff * 2^quickFailures}, at most {@code maxRestartBackoff}.
     */
    public Duration restartDelay(int quickFailures) {
        if (quickFailures < 0) {
            throw new IllegalArgumentException("quickFailures must not be negative, got " + quickFailures);
        }
        long base = restartBackoff.toNanos();
        long max = maxRestartBackoff.toNanos();
        int shift = Math.min(quickFailures, 62);
        long delay = base > (max >> shift) ? max : base << shift;
        return Duration.ofNanos(Math.min(delay, max));
    }

    private static void positive(String name, Duration d) {
        requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /** Builds {@link StreamTimings}; unset values keep Grafana's defaults. */
    public static final class Builder {
        private Duration checkInterval = DEFAULTS.checkInterval;
        private int zeroChecksToStop = DEFAULTS.zeroChecksToStop;
        private Duration quickFailure = DEFAULTS.quickFailure;
        private Duration restartBackoff = DEFAULTS.restartBackoff;
        private Duration maxRestartBackoff = DEFAULTS.maxRestartBackoff;

        private Builder() {}

        public Builder checkInterval(Duration checkInterval) {
            this.checkInterval = requireNonNull(checkInterval, "checkInterval");
            return this;
        }

        public Builder zeroChecksToStop(int zeroChecksToStop) {
            this.zeroChecksToStop = zeroChecksToStop;
            return this;
        }

        public Builder quickFailure(Duration quickFailure) {
            this.quickFailure = requireNonNull(quickFailure, "quickFailure");
            return this;
        }

        public Builder restartBackoff(Duration restartBackoff) {
            this.restartBackoff = requireNonNull(restartBackoff, "restartBackoff");
            return this;
        }

        public Builder maxRestartBackoff(Duration maxRestartBackoff) {
            this.maxRestartBackoff = requireNonNull(maxRestartBackoff, "maxRestartBackoff");
            return this;
        }

        public StreamTimings build() {
            return new StreamTimings(checkInterval, zeroChecksToStop, quickFailure, restartBackoff, maxRestartBackoff);
        }
    }
}
