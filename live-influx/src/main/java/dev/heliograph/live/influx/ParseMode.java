package dev.heliograph.live.influx;

/**
 * How {@link LineProtocolParser} treats a bad line.
 */
public enum ParseMode {
    /**
     * All or nothing: the first bad line throws {@link LineProtocolException}. The push HTTP
     * endpoint uses this mode (a bad body is a 400 naming the line and column, and nothing of
     * it is published). Points of earlier lines may already have reached the
     * {@link PointHandler}; a caller that must not keep them discards what it built when the
     * exception arrives, as {@link LineProtocolConverter} does.
     */
    STRICT,

    /**
     * Best effort: a bad line is skipped and reported in {@link ParseReport#errors()}; the good
     * lines before and after it are delivered.
     */
    LENIENT
}
