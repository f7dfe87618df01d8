package dev.heliograph.live.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of non-negative durations in nanoseconds with log-linear buckets: exact
 * below 128 ns, then 64 buckets per power of two, so every reported percentile is within 1.6%
 * above the true value. The maximum is kept exactly.
 *
 * <p>Written by many threads at once (the WebSocket client's reader threads record into one
 * shared instance); read by the reporting thread once recording has stopped. A small stand-in for
 * HdrHistogram, which the benchmarks module does not depend on.
 */
public final class LatencyHistogram {
    private static final int LINEAR_LIMIT = 128;
    private static final int SUB_BUCKET_BITS = 6;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int FIRST_EXPONENT = 7;
    private static final int LAST_EXPONENT = 62;
    private static final int BUCKETS = LINEAR_LIMIT + (LAST_EXPONENT - FIRST_EXPONENT + 1) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    /** Records one duration; negative values (a clock read out of order) count as zero. */
    public void record(long nanos) {
        long value = Math.max(0, nanos);
        counts.incrementAndGet(indexOf(value));
        total.incrementAndGet();
        max.accumulateAndGet(value, Math::max);
    }

    /** How many values were recorded. */
    public long count() {
        return total.get();
    }

    /** The largest value recorded, exactly; zero when empty. */
    public long max() {
        return max.get();
    }

    /**
     * The smallest bucket upper bound at or below which at least {@code quantile} of the values
     * fall, capped at the exact maximum; zero when empty.
     *
     * @param quantile between 0 and 1, e.g. 0.99 for the 99th percentile
     */
    public long percentile(double quantile) {
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be within [0, 1], got " + quantile);
        }
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(highestValueIn(i), max.get());
            }
        }
        return max.get();
    }

    static int indexOf(long value) {
        if (value < LINEAR_LIMIT) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int mantissa = (int) (value >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return LINEAR_LIMIT + (exponent - FIRST_EXPONENT) * SUB_BUCKETS + mantissa;
    }

    static long highestValueIn(int index) {
        if (index < LINEAR_LIMIT) {
            return index;
        }
        int exponent = FIRST_EXPONENT + (index - LINEAR_LIMIT) / SUB_BUCKETS;
        int mantissa = (index - LINEAR_LIMIT) % SUB_BUCKETS;
        int shift = exponent - SUB_BUCKET_BITS;
        long lowest = (long) (SUB_BUCKETS + mantissa) << shift;
        return lowest + (1L << shift) - 1;
    }
}
