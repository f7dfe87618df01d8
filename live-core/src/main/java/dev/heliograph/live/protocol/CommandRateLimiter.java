package dev.heliograph.live.protocol;

import org.jspecify.annotations.Nullable;

/**
 * One connection's command budget: a token bucket holding up to {@code burst} commands, refilled
 * at {@code perSecond}. {@link #tryAcquire} takes one token or says the command is over the limit.
 *
 * <p>Used only on the connection's command thread (one inbound message at a time): not
 * thread-safe, no locking on the command path.
 */
final class CommandRateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long nanosPerToken;
    private final long capacityNanos;
    private final NanoClock clock;
    /** The time at which the bucket is (virtually) empty; the bucket is full at {@code emptyAt + capacity}. */
    private long emptyAt;

    /** The time source, so tests need not wait. */
    @FunctionalInterface
    interface NanoClock {
        long nanoTime();
    }

    /** A limiter for {@code perSecond} commands per second (-1: unlimited) and bursts of {@code burst}. */
    static @Nullable CommandRateLimiter of(int perSecond, int burst, NanoClock clock) {
        return perSecond < 0 ? null : new CommandRateLimiter(perSecond, burst, clock);
    }

    private CommandRateLimiter(int perSecond, int burst, NanoClock clock) {
        this.nanosPerToken = Math.max(1, NANOS_PER_SECOND / perSecond);
        this.capacityNanos = nanosPerToken * burst;
        this.clock = clock;
        this.emptyAt = clock.nanoTime() - capacityNanos; // starts full
    }

    /** Takes one command's token; false if the bucket is empty (the command is over the limit). */
    boolean tryAcquire() {
        long now = clock.nanoTime();
        long floor = now - capacityNanos; // never more than a full bucket
        if (emptyAt < floor) {
            emptyAt = floor;
        }
        long next = emptyAt + nanosPerToken;
        if (next > now) {
            return false;
        }
        emptyAt = next;
        return true;
    }
}
