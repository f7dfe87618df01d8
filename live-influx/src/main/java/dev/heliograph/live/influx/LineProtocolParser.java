package dev.heliograph.live.influx;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses InfluxDB line protocol (what Telegraf and the Influx clients send) straight from
 * bytes. Each line is delivered to a {@link PointHandler} as a reused {@link LinePoint}; names
 * go through a small shared cache, so a body of similar lines makes few {@code String}s beyond
 * the string field values themselves, and a name that repeats the one in the same place of the
 * previous line of its measurement (Telegraf repeats every key) is found by one byte comparison,
 * without scanning or hashing. Floats are read straight from the bytes, correctly rounded.
 *
 * <p>Accepted: {@code measurement[,tagKey=tagValue...] fieldKey=fieldValue[,...] [timestamp]};
 * floats ({@code 1}, {@code -1.5}, {@code 1.}, {@code .5}, {@code 1e-3}, {@code 1.5E+9}),
 * integers ({@code 42i}), unsigned integers ({@code 42u}), strings in double quotes (they may
 * span lines; {@code \"} and {@code \\} are their escapes), booleans ({@code t T true True TRUE
 * f F false False FALSE}); an optional timestamp in nanoseconds (may be negative); LF or CRLF
 * line ends; spaces before and after a line and one or more spaces between its parts; blank
 * lines and {@code #} comment lines. Escapes: {@code \,} and {@code \ } in the measurement,
 * also {@code \=} in tag keys, tag values and field keys; {@code \\} is a backslash
 * everywhere, and a backslash before any other character is kept. Not checked here: InfluxDB's
 * storage rule that names must not start with {@code _}.
 *
 * <p>Errors are {@link LineProtocolException}s naming the line, the column and what was
 * expected. In {@link ParseMode#STRICT} mode the first one is thrown; in
 * {@link ParseMode#LENIENT} mode bad lines are skipped and listed in the report.
 *
 * <p>Thread-safe: one instance may serve every request (each call keeps its own state; the name
 * cache is lock-free and bounded).
 */
public final class LineProtocolParser {
    private static final int DEFAULT_CACHE_SLOTS = 2048;

    private final ParseMode mode;
    private final NameCache names;

    public LineProtocolParser(ParseMode mode) {
        this.mode = requireNonNull(mode, "mode");
        this.names = new NameCache(DEFAULT_CACHE_SLOTS);
    }

    /** An all-or-nothing parser: the first bad line throws. */
    public static LineProtocolParser strict() {
        return new LineProtocolParser(ParseMode.STRICT);
    }

    /** A best-effort parser: bad lines are skipped and reported. */
    public static LineProtocolParser lenient() {
        return new LineProtocolParser(ParseMode.LENIENT);
    }

    public ParseMode mode() {
        return mode;
    }

    /** Parses the whole array. See {@link #parse(byte[], int, int, PointHandler)}. */
    public ParseReport parse(byte[] body, PointHandler handler) {
        requireNonNull(body, "body");
        return parse(body, 0, body.length, handler);
    }

    /**
     * Parses {@code body[offset, offset + length)} (UTF-8) and calls {@code handler} once per
     * point, in input order, on this thread.
     *
     * @throws LineProtocolException in STRICT mode, at the first bad line
     */
    public ParseReport parse(byte[] body, int offset, int length, PointHandler handler) {
        requireNonNull(body, "body");
        requireNonNull(handler, "handler");
        if (offset < 0 || length < 0 || offset > body.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length
                    + " outside a body of " + body.length + " bytes");
        }
        return new LineScanner(body, offset, length, names).run(mode, handler);
    }

    /**
     * Parses a body into immutable {@link Point}s: convenient, not for the hot path. In STRICT
     * mode a bad line throws and nothing is returned; in LENIENT mode the bad lines are left
     * out (use {@link #parse} to see why).
     */
    public List<Point> parseToList(byte[] body) {
        List<Point> points = new ArrayList<>();
        parse(body, p -> points.add(p.toPoint()));
        return points;
    }
}
