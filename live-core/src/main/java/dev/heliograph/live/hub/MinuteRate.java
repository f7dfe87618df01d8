package dev.heliograph.live.hub;

/**
 * Counts events over a sliding window of the last 60 seconds, in one-second buckets: the
 * per-channel "minute rate" of the frame cache. Thread-safe (methods are synchronized; the
 * critical sections are a few array operations).
 *
 * <p>Used by {@link LocalFrameCache}; engines that keep their own rates may reuse it.
 */
final class MinuteRate {
    private static final int BUCKETS = 60;

    private final long[] seconds = new long[BUCKETS];
    private final long[] counts = new long[BUCKETS];

    MinuteRate() {
        java.util.Arrays.fill(seconds, Long.MIN_VALUE);
    }

    /** Counts one event at {@code nowMillis}. */
    synchronized void mark(long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000L);
        int slot = (int) Math.floorMod(second, (long) BUCKETS);
        if (seconds[slot] != second) {
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot]++;
    }

    /** Events counted in the 60 seconds up to and including {@code nowMillis}'s second. */
    synchronized long perMinute(long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000L);
        long sum = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long age = second - seconds[i];
            if (age >= 0 && age < BUCKETS) {
                sum += counts[i];
            }
        }
        return sum;
    }
}
