package dev.heliograph.live.hub;

import org.jspecify.annotations.Nullable;

/**
 * What {@link Hub#history} reads from a channel's stream.
 *
 * <ul>
 *   <li>{@code since} null: from the oldest kept publication (or from the newest with
 *       {@code reverse}); otherwise the publications after {@code since.offset()} (before it with
 *       {@code reverse}). A {@code since} whose epoch is not the stream's current one reads as if
 *       it were null: the caller compares the epochs of the result's {@code top} to notice.
 *   <li>{@code limit} 0: no publications, the stream top only (cheap: what a subscribe reply
 *       needs); negative: every matching publication; positive: at most that many.
 *   <li>{@code reverse}: newest first.
 * </ul>
 *
 * @param since   the position to read after (before, reversed); null for the whole stream
 * @param limit   the most publications returned; 0 for the top only, negative for no limit
 * @param reverse newest first when true
 */
public record HistoryQuery(@Nullable StreamPosition since, int limit, boolean reverse) {

    /** The stream top only: no publications. */
    public static final HistoryQuery TOP = new HistoryQuery(null, 0, false);

    /** Every kept publication after {@code since} (the whole stream when null), oldest first. */
    public static HistoryQuery since(@Nullable StreamPosition since) {
        return new HistoryQuery(since, -1, false);
    }
}
