package dev.heliograph.live.influx;

import dev.heliograph.live.LiveException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The frame layouts a line-protocol body converts to, chosen on the push endpoint with the query
 * parameter {@code gf_live_frame_format}.
 */
public enum FrameFormat {
    /**
     * One frame per measurement, one row per line: {@code labels} (the tags as
     * {@code k=v, k2=v2}), {@code time}, then one column per field in order of first appearance.
     * The default.
     */
    LABELS_COLUMN("labels_column"),

    /**
     * One frame per (measurement, timestamp) with a single row: {@code time}, then one column per
     * field of each line, the line's tags as the column's labels.
     */
    WIDE("wide");

    /** The name of the query parameter that selects the format on the push endpoint. */
    public static final String QUERY_PARAMETER = "gf_live_frame_format";

    private final String queryValue;

    FrameFormat(String queryValue) {
        this.queryValue = queryValue;
    }

    /** The name used in the query string: {@code labels_column} or {@code wide}. */
    public String queryValue() {
        return queryValue;
    }

    /**
     * The format for a query value: {@code null} or empty selects {@link #LABELS_COLUMN}.
     *
     * @throws LiveException for any other name, listing the valid ones (the endpoint answers 400)
     */
    public static FrameFormat fromQueryValue(@Nullable String value) {
        if (value == null || value.isEmpty()) {
            return LABELS_COLUMN;
        }
        for (FrameFormat f : values()) {
            if (f.queryValue.equals(value)) {
                return f;
            }
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        throw new LiveException("unknown frame format \"" + shown + "\" in " + QUERY_PARAMETER
                + ": use " + LABELS_COLUMN.queryValue + " (the default) or " + WIDE.queryValue
                + (value.toLowerCase(Locale.ROOT).equals(value) ? "" : " (names are lower case)"));
    }
}
