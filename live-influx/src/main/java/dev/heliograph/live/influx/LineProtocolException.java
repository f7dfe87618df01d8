package dev.heliograph.live.influx;

import dev.heliograph.live.LiveException;

/**
 * A body that is not valid InfluxDB line protocol. Names the place (1-based line and column;
 * the column counts characters, not bytes) and what the parser expected there, for example
 * {@code line 3, column 17: expected '=' after field key "usage", found ' '}.
 *
 * <p>Thrown by {@link LineProtocolParser} in {@link ParseMode#STRICT} mode (and so by the
 * converter); collected in {@link ParseReport#errors()} in {@link ParseMode#LENIENT} mode.
 * Immutable.
 */
public final class LineProtocolException extends LiveException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String problem;

    /**
     * @param line    1-based line number in the body
     * @param column  1-based column (characters from the start of that line)
     * @param problem what was expected and what was found, without the position
     */
    public LineProtocolException(int line, int column, String problem) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** The 1-based line number of the error in the body. */
    public int line() {
        return line;
    }

    /** The 1-based column of the error, counted in characters (code points) from the line start. */
    public int column() {
        return column;
    }

    /** What was expected and what was found, without the position prefix. */
    public String problem() {
        return problem;
    }
}
