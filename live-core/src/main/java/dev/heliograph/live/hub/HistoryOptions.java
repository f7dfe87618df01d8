package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Whether and how a publish is kept in its channel's history: at most {@code size} publications,
 * each kept {@code ttl} after it was published. {@link #NONE} (size 0) keeps nothing and gives
 * the publication no position. The latest publish to a channel sets the size and TTL its
 * stream keeps from then on (last writer wins).
 *
 * <p>Immutable. Chosen per channel by the host's handler (phase B of issue 11); engines may cap
 * both with their own limits.
 *
 * @param size how many publications the channel's history keeps; 0 for none
 * @param ttl  how long a publication stays in history; positive when {@code size > 0}
 */
public record HistoryOptions(int size, Duration ttl) {

    /** No history: the publication only goes to current subscribers and gets no position. */
    public static final HistoryOptions NONE = new HistoryOptions(0, Duration.ZERO);

    public HistoryOptions {
        requireNonNull(ttl, "ttl");
        if (size < 0) {
            throw new IllegalArgumentException("history size must not be negative, got " + size);
        }
        if (size > 0 && (ttl.isNegative() || ttl.toMillis() < 1)) {
            throw new IllegalArgumentException("history TTL must be at least 1 ms when size > 0, got " + ttl);
        }
    }

    /** Keeps the last {@code size} publications for {@code ttl} each. */
    public static HistoryOptions of(int size, Duration ttl) {
        if (size < 1) {
            throw new IllegalArgumentException("history size must be at least 1, got " + size
                    + "; use HistoryOptions.NONE for no history");
        }
        return new HistoryOptions(size, ttl);
    }

    /** Whether the publication is kept and gets a position. */
    public boolean enabled() {
        return size > 0;
    }
}
