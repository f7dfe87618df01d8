package dev.heliograph.live.protocol;

import dev.heliograph.live.hub.StreamPosition;
import org.jspecify.annotations.Nullable;

/**
 * The history and recovery fields of a subscribe or history command, as the client sent them.
 * Absent from most commands ({@link Command#stream()} is then null).
 *
 * @param recover whether a subscribe asks to recover from {@code offset}/{@code epoch}
 * @param offset  the last offset the client saw (subscribe); 0 when absent
 * @param epoch   the epoch of {@code offset} (subscribe); empty when absent
 * @param limit   how many publications a history read returns; 0 (absent) for the top only,
 *                negative for all
 * @param reverse newest first (history)
 * @param since   read after this position (history); null when absent
 */
record StreamFields(boolean recover, long offset, String epoch, int limit, boolean reverse, @Nullable StreamPosition since) {

    static final StreamFields NONE = new StreamFields(false, 0, "", 0, false, null);
}
