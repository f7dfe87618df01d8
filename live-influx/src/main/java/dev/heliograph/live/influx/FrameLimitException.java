package dev.heliograph.live.influx;

import dev.heliograph.live.LiveException;

/**
 * A body that is valid line protocol but would make frames too large for its size: more cells
 * than {@link LineProtocolConverter#cellLimit(int)} allows, which keeps the memory of a push a
 * small multiple of its body whatever the lines look like. The message names the line where the
 * limit was crossed, the limit, the measurement that grew and what to change, for example
 * {@code line 317: the frames of this body would hold more than 100,000 cells ...}.
 *
 * <p>Thrown by {@link LineProtocolConverter#convert} before the frames are finished, so nothing
 * of the body is returned; the push endpoints answer it like a bad line (HTTP 400, or a skipped
 * WebSocket message). Immutable.
 */
public final class FrameLimitException extends LiveException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final long cellLimit;

    /**
     * @param line      1-based line of the body whose cells crossed the limit
     * @param cellLimit the limit for this body
     * @param problem   what grew and what to do, without the line prefix
     */
    public FrameLimitException(int line, long cellLimit, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
        this.cellLimit = cellLimit;
    }

    /** The 1-based line of the body whose cells crossed the limit. */
    public int line() {
        return line;
    }

    /** The number of cells the body was allowed. */
    public long cellLimit() {
        return cellLimit;
    }
}
