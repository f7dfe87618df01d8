package dev.heliograph.live.influx;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The state of one parse: walks a body byte by byte, fills the reused {@link LinePoint} and
 * hands it to the handler once the line is complete (a bad line never reaches the handler).
 * Made per {@link LineProtocolParser#parse} call and confined to the calling thread.
 *
 * <p>Grammar (InfluxDB line protocol):
 * {@code measurement[,tag=value...] field=value[,field=value...] [timestamp]}, lines ended by
 * LF or CRLF; leading and trailing spaces ignored; one or more spaces between the parts; blank
 * lines and lines whose first non-space character is {@code #} skipped. Escapes: in the
 * measurement {@code \,} and {@code \ }; in tag keys, tag values and field keys also
 * {@code \=}; in string values {@code \"}; everywhere {@code \\} is one backslash, and a
 * backslash before any other character is kept as is. String values may span lines.
 */
final class LineScanner {
    private static final byte SP = ' ';
    private static final byte COMMA = ',';
    private static final byte EQ = '=';
    private static final byte QUOTE = '"';
    private static final byte BSL = '\\';
    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final int MAX_SHOWN = 40;

    /** Bytes that end or interrupt a measurement: space, comma, backslash, controls. */
    private static final byte SPECIAL_IN_MEASUREMENT = 1;
    /** Bytes that end or interrupt a key or tag value: also the equals sign. */
    private static final byte SPECIAL_IN_KEY = 2;
    /** Bytes that end a field value that is not a string: comma, space, CR, LF. */
    private static final byte ENDS_VALUE = 4;
    private static final byte[] CLASS = new byte[256];

    static {
        for (int b = 0; b < 0x20; b++) {
            CLASS[b] = SPECIAL_IN_MEASUREMENT | SPECIAL_IN_KEY;
        }
        CLASS[0x7f] = SPECIAL_IN_MEASUREMENT | SPECIAL_IN_KEY;
        CLASS[SP] = SPECIAL_IN_MEASUREMENT | SPECIAL_IN_KEY | ENDS_VALUE;
        CLASS[COMMA] = SPECIAL_IN_MEASUREMENT | SPECIAL_IN_KEY | ENDS_VALUE;
        CLASS[BSL] = SPECIAL_IN_MEASUREMENT | SPECIAL_IN_KEY;
        CLASS[EQ] = SPECIAL_IN_KEY;
        CLASS[LF] |= ENDS_VALUE;
        CLASS[CR] |= ENDS_VALUE;
    }

    /** The parts of a line a name can be, for {@link #scanName}. */
    private static final int MEASUREMENT = 0;
    private static final int TAG_KEY = 1;
    private static final int TAG_VALUE = 2;
    private static final int FIELD_KEY = 3;
    private static final String[] ROLE_NAMES = {"a measurement name", "a tag key", "a tag value", "a field key"};
    /** Measurements whose last line is remembered (Telegraf bodies hold a handful). */
    private static final int MAX_SHAPES = 8;

    private final byte[] buf;
    private final int end;
    private final NameCache names;
    private final LinePoint point = new LinePoint();
    private byte[] scratch = new byte[64];

    private int pos;
    private int line = 1;
    private int lineStart;

    /** Left by {@link #scanName} for {@link #name}: the byte hash, and true when no backslash. */
    private int nameHash;
    private boolean nameClean;
    /** Left by {@link #token}: the tag key, tag value or field key it read. */
    @SuppressWarnings("NullAway.Init") // written by token() before any read
    private String token;

    /**
     * The names of the last good line of recent measurements, most recent first, and the one
     * matched by the current line (null when its measurement is new). Telegraf repeats a
     * measurement's tag keys and field keys line after line, so comparing each name's bytes with
     * the name in the same place of that line finds most of them without scanning or hashing.
     */
    private final Shape[] shapes = new Shape[MAX_SHAPES];
    private int shapeCount;
    private @Nullable Shape shape;
    /** The names of the current line, becoming its measurement's shape when the line is good. */
    private Shape recording = new Shape();
    private int tokens;

    private int resumePos;
    private int resumeLine;
    private int resumeLineStart;

    LineScanner(byte[] buf, int offset, int length, NameCache names) {
        this.buf = buf;
        this.pos = offset;
        this.lineStart = offset;
        this.end = offset + length;
        this.names = names;
    }

    ParseReport run(ParseMode mode, PointHandler handler) {
        int points = 0;
        List<LineProtocolException> errors = new ArrayList<>(0);
        while (pos < end) {
            boolean gotPoint;
            try {
                gotPoint = line();
            } catch (LineProtocolException e) {
                if (mode == ParseMode.STRICT) {
                    throw e;
                }
                errors.add(e);
                pos = resumePos;
                line = resumeLine;
                lineStart = resumeLineStart;
                skipRestOfLine();
                continue;
            }
            if (gotPoint) {
                handler.onPoint(point);
                points++;
            }
        }
        return new ParseReport(points, errors);
    }

    /** Parses one line and consumes its end; true when it held a point. */
    private boolean line() {
        int p = pos;
        while (p < end && buf[p] == SP) {
            p++;
        }
        pos = p;
        if (atEol(p)) {
            consumeEol();
            return false;
        }
        if (buf[p] == '#') {
            skipRestOfLine();
            return false;
        }
        point.reset(line);
        tokens = 0;
        shape = null;

        int start = p;
        String measurement = repeatedMeasurement(p);
        if (measurement != null) {
            p += requireNonNull(shape).lengths[0];
            record(start, p, measurement, true);
        } else {
            p = scanName(p, SPECIAL_IN_MEASUREMENT, MEASUREMENT, null);
            measurement = name(start, p, false);
            record(start, p, measurement, nameClean);
        }
        point.measurement(measurement);

        while (p < end && buf[p] == COMMA) {
            p = tag(p + 1);
        }

        if (p >= end || buf[p] != SP) {
            String after = point.tagCount() > 0
                    ? "the tag set" : "measurement \"" + shorten(measurement) + "\"";
            throw fail(p, "expected a space and the field set after " + after
                    + ", found " + describe(p));
        }
        while (p < end && buf[p] == SP) {
            p++;
        }
        if (atEol(p)) {
            throw fail(p, "expected the field set (key=value, ...), found " + describe(p));
        }

        String key;
        while (true) {
            p = token(p, FIELD_KEY, null);
            key = token;
            if (p >= end || buf[p] != EQ) {
                throw fail(p, "expected '=' after field key \"" + shorten(key) + "\", found "
                        + describe(p));
            }
            p = value(key, p + 1);
            if (p < end && buf[p] == COMMA) {
                p++;
                continue;
            }
            break;
        }

        if (p < end && buf[p] == SP) {
            while (p < end && buf[p] == SP) {
                p++;
            }
            if (!atEol(p)) {
                p = timestamp(p);
                while (p < end && buf[p] == SP) {
                    p++;
                }
                if (!atEol(p)) {
                    throw fail(p, "expected end of line after the timestamp, found "
                            + describe(p));
                }
            }
        } else if (!atEol(p)) {
            throw fail(p, "expected ',', a space or end of line after the value of field \""
                    + shorten(key) + "\", found " + describe(p));
        }
        pos = p;
        consumeEol();
        rememberShape();
        return true;
    }

    /**
     * The measurement at {@code p} when it repeats that of a remembered line, which becomes
     * {@link #shape}; null otherwise.
     */
    private @Nullable String repeatedMeasurement(int p) {
        for (int s = 0; s < shapeCount; s++) {
            Shape candidate = shapes[s];
            int len = candidate.lengths[0];
            int stop = p + len;
            if (len >= 0 && stop < end && (buf[stop] == SP || buf[stop] == COMMA)
                    && Bytes.equal(buf, p, buf, candidate.starts[0], len)) {
                shape = candidate;
                return candidate.names[0];
            }
        }
        return null;
    }

    /**
     * The name at {@code p} when its bytes are those of the name in the same place of
     * {@link #shape} and the byte after them ends a name here (a space or a comma, or an equals
     * sign after a key): then scanning would stop at the same byte and give the same name.
     * Remembered names hold no byte that scanning stops at or unescapes. Null otherwise.
     */
    private @Nullable String repeated(int p, boolean equalsEnds) {
        Shape s = shape;
        if (s == null || tokens >= s.count) {
            return null;
        }
        int len = s.lengths[tokens];
        int stop = p + len;
        if (len < 0 || stop >= end) {
            return null;
        }
        byte after = buf[stop];
        if ((after == SP || after == COMMA || (equalsEnds && after == EQ))
                && Bytes.equal(buf, p, buf, s.starts[tokens], len)) {
            return s.names[tokens];
        }
        return null;
    }

    /** Notes the next name of the current line; {@code clean} when it holds no backslash. */
    private void record(int start, int stop, String name, boolean clean) {
        Shape r = recording;
        if (tokens == r.starts.length) {
            r.grow();
        }
        r.starts[tokens] = start;
        r.lengths[tokens] = clean ? stop - start : -1;
        r.names[tokens] = name;
        tokens++;
    }

    /** Makes the line just parsed its measurement's shape, first in the list. */
    private void rememberShape() {
        Shape done = recording;
        done.count = tokens;
        int at;
        if (shape != null) {
            at = 0;
            while (shapes[at] != shape) {
                at++;
            }
            recording = shape;
        } else if (shapeCount < MAX_SHAPES) {
            at = shapeCount++;
            recording = new Shape();
        } else {
            at = MAX_SHAPES - 1;
            recording = shapes[at];
        }
        System.arraycopy(shapes, 0, shapes, 1, at);
        shapes[0] = done;
        shape = null;
    }

    /** Parses {@code key=value} starting at {@code p}; returns the position after it. */
    private int tag(int p) {
        p = token(p, TAG_KEY, null);
        String key = token;
        if (p >= end || buf[p] != EQ) {
            throw fail(p, "expected '=' after tag key \"" + shorten(key) + "\", found "
                    + describe(p));
        }
        p++;
        p = token(p, TAG_VALUE, key);
        point.addTag(key, token);
        return p;
    }

    /**
     * Reads one tag key, tag value or field key at {@code p}: the name standing at the same place
     * of the previous line of this measurement when it repeats there, else a fresh scan. Leaves
     * the name in {@link #token} and returns the position after it.
     */
    private int token(int p, int role, @Nullable String tagKey) {
        int start = p;
        String name = repeated(p, role != TAG_VALUE);
        if (name != null) {
            p += requireNonNull(shape).lengths[tokens];
            record(start, p, name, true);
        } else {
            p = scanName(p, SPECIAL_IN_KEY, role, tagKey);
            name = name(start, p, true);
            record(start, p, name, nameClean);
        }
        token = name;
        return p;
    }

    /**
     * Scans a name from {@code p} to the byte that ends it (never empty: an empty name throws);
     * leaves {@link #nameHash} and {@link #nameClean} for {@link #name}. {@code special} is the
     * class of bytes that need a look; {@code role} says which part of the line this is, for the
     * rules and the messages; {@code tagKey} names the tag of a tag value.
     */
    private int scanName(int p, byte special, int role, @Nullable String tagKey) {
        int start = p;
        boolean keyEscapes = role != MEASUREMENT;
        boolean clean = true;
        int hash = 1;
        for (; p < end; p++) {
            byte b = buf[p];
            if ((CLASS[b & 0xFF] & special) == 0) {
                hash = 31 * hash + b;
                continue;
            }
            if (b == SP || b == COMMA) {
                break;
            }
            if (b == EQ) {
                if (role == TAG_VALUE) {
                    throw fail(p, "unescaped '=' in the value of tag \"" + shorten(requireNonNull(tagKey))
                            + "\"; write it as \\=");
                }
                break;
            }
            if (b == BSL) {
                clean = false;
                if (p + 1 < end && isEscape(buf[p + 1], keyEscapes)) {
                    p++;
                }
            } else if (isControl(b)) {
                if (atEol(p)) {
                    break;
                }
                throw fail(p, controlMessage(b, ROLE_NAMES[role]));
            }
        }
        if (p == start) {
            throw fail(p, switch (role) {
                case MEASUREMENT -> "expected a measurement name, found " + describe(p);
                case TAG_KEY -> "expected a tag key after ',', found " + describe(p);
                case TAG_VALUE -> "expected a value for tag \"" + shorten(requireNonNull(tagKey)) + "\", found "
                        + describe(p) + " (tags cannot be empty: leave the tag out)";
                default -> "expected a field key, found " + describe(p);
            });
        }
        nameHash = hash;
        nameClean = clean;
        return p;
    }

    /** Parses a field value starting at {@code p}; returns the position after it. */
    private int value(String key, int p) {
        if (p < end && buf[p] == QUOTE) {
            return stringValue(key, p);
        }
        int after = plainNumber(key, p);
        if (after >= 0) {
            return after;
        }
        int start = p;
        while (p < end) {
            byte b = buf[p];
            if ((CLASS[b & 0xFF] & ENDS_VALUE) != 0
                    && (b != CR || p + 1 == end || buf[p + 1] == LF)) {
                break;
            }
            p++;
        }
        if (p == start) {
            throw fail(p, "expected a value for field \"" + shorten(key) + "\", found "
                    + describe(p));
        }
        byte first = buf[start];
        byte last = buf[p - 1];
        boolean numeric = first == '-' || first == '.' || (first >= '0' && first <= '9');
        if (numeric && last == 'i') {
            try {
                point.addInteger(key, Numbers.parseLong(buf, start, p - 1));
            } catch (NumberFormatException e) {
                throw fail(start, "invalid integer " + quoted(start, p) + " for field \""
                        + shorten(key) + "\": expected digits with an optional '-' before the 'i', like -42i");
            } catch (ArithmeticException e) {
                throw fail(start, "integer " + quoted(start, p) + " of field \"" + shorten(key)
                        + "\" is out of range (-9223372036854775808i to 9223372036854775807i)");
            }
        } else if (numeric && last == 'u') {
            if (first == '-') {
                throw fail(start, "unsigned integer " + quoted(start, p) + " of field \""
                        + shorten(key) + "\" cannot be negative (use the 'i' suffix for signed integers)");
            }
            try {
                point.addUnsigned(key, Numbers.parseUnsigned(buf, start, p - 1));
            } catch (NumberFormatException e) {
                throw fail(start, "invalid unsigned integer " + quoted(start, p) + " for field \""
                        + shorten(key) + "\": expected digits before the 'u', like 42u");
            } catch (ArithmeticException e) {
                throw fail(start, "unsigned integer " + quoted(start, p) + " of field \""
                        + shorten(key) + "\" is out of range (0u to 18446744073709551615u)");
            }
        } else if (numeric) {
            double d = Numbers.parseFloat(buf, start, p);
            if (Double.isNaN(d)) {
                throw fail(start, "invalid number " + quoted(start, p) + " for field \""
                        + shorten(key) + "\": expected a float like 1, -1.5, .5 or 1e-3, "
                        + "an integer like 42i or an unsigned integer like 42u");
            }
            if (Double.isInfinite(d)) {
                throw fail(start, "number " + quoted(start, p) + " of field \"" + shorten(key)
                        + "\" is out of the float64 range");
            }
            point.addFloat(key, d);
        } else {
            int bool = bool(start, p);
            if (bool < 0) {
                throw fail(start, "invalid value " + quoted(start, p) + " for field \""
                        + shorten(key) + "\": expected a number (1.5, 42i, 42u), a boolean "
                        + "(t, T, true, True, TRUE, f, F, false, False, FALSE) "
                        + "or a string in double quotes");
            }
            point.addBoolean(key, bool == 1);
        }
        return p;
    }

    /**
     * The common values in one pass: {@code [-]digits[.digits]} (at most 19 digits) ending the
     * value, a float, or {@code [-]digits} (at most 18) then {@code i}, an integer. Adds the
     * field and returns the position after the value; -1 for anything else (exponents,
     * {@code u}, long digit strings, errors), which {@link #value} then parses in full.
     */
    private int plainNumber(String key, int p) {
        int i = p;
        boolean negative = false;
        if (i < end && buf[i] == '-') {
            negative = true;
            i++;
        }
        int digitsStart = i;
        long mantissa = 0;
        int d;
        int eight;
        while (i + 8 <= end && (eight = Bytes.eightDigits(buf, i)) >= 0) {
            mantissa = mantissa * 100_000_000 + eight;
            i += 8;
        }
        while (i < end && (d = buf[i] - '0') >= 0 && d <= 9) {
            mantissa = mantissa * 10 + d;
            i++;
        }
        int intDigits = i - digitsStart;
        int fractionDigits = 0;
        if (i < end && buf[i] == '.') {
            int fractionStart = ++i;
            while (i + 8 <= end && (eight = Bytes.eightDigits(buf, i)) >= 0) {
                mantissa = mantissa * 100_000_000 + eight;
                i += 8;
            }
            while (i < end && (d = buf[i] - '0') >= 0 && d <= 9) {
                mantissa = mantissa * 10 + d;
                i++;
            }
            fractionDigits = i - fractionStart;
            if (intDigits + fractionDigits > 19 || intDigits + fractionDigits == 0) {
                return -1;
            }
            if (!endsValue(i)) {
                return -1;
            }
            point.addFloat(key, DecimalToDouble.toDouble(mantissa, -fractionDigits, negative));
            return i;
        }
        if (intDigits == 0) {
            return -1;
        }
        if (i < end && buf[i] == 'i') {
            if (intDigits > 18 || !endsValue(i + 1)) {
                return -1;
            }
            point.addInteger(key, negative ? -mantissa : mantissa);
            return i + 1;
        }
        if (intDigits > 19 || !endsValue(i)) {
            return -1;
        }
        point.addFloat(key, DecimalToDouble.toDouble(mantissa, 0, negative));
        return i;
    }

    /** True when {@code p} is where a non-string field value ends. */
    private boolean endsValue(int p) {
        if (p >= end) {
            return true;
        }
        byte b = buf[p];
        return (CLASS[b & 0xFF] & ENDS_VALUE) != 0 && (b != CR || p + 1 == end || buf[p + 1] == LF);
    }

    /** 1 for a true spelling, 0 for a false one, -1 otherwise. */
    private int bool(int start, int stop) {
        int len = stop - start;
        byte c = buf[start];
        if (len == 1) {
            return c == 't' || c == 'T' ? 1 : c == 'f' || c == 'F' ? 0 : -1;
        }
        if (len == 4 && (matches(start, "true") || matches(start, "True") || matches(start, "TRUE"))) {
            return 1;
        }
        if (len == 5 && (matches(start, "false") || matches(start, "False") || matches(start, "FALSE"))) {
            return 0;
        }
        return -1;
    }

    private boolean matches(int start, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (buf[start + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int stringValue(String key, int quote) {
        int quoteLine = line;
        int quoteLineStart = lineStart;
        int p = quote + 1;
        boolean escaped = false;
        while (p < end) {
            byte b = buf[p];
            if (b == QUOTE) {
                break;
            }
            if (b == BSL && p + 1 < end && (buf[p + 1] == QUOTE || buf[p + 1] == BSL)) {
                escaped = true;
                p += 2;
                continue;
            }
            if (b == LF) {
                line++;
                lineStart = p + 1;
            }
            p++;
        }
        if (p >= end) {
            line = quoteLine;
            lineStart = quoteLineStart;
            throw fail(quote, "unterminated string value of field \"" + shorten(key)
                    + "\": no closing '\"' (write a quote inside a string as \\\")");
        }
        String s;
        if (escaped) {
            int n = 0;
            byte[] out = scratch(p - quote);
            for (int i = quote + 1; i < p; i++) {
                byte b = buf[i];
                if (b == BSL && (buf[i + 1] == QUOTE || buf[i + 1] == BSL)) {
                    b = buf[++i];
                }
                out[n++] = b;
            }
            s = new String(out, 0, n, StandardCharsets.UTF_8);
        } else {
            s = new String(buf, quote + 1, p - quote - 1, StandardCharsets.UTF_8);
        }
        point.addString(key, s);
        return p + 1;
    }

    private int timestamp(int p) {
        int start = p;
        while (p < end && buf[p] != SP && !atEol(p)) {
            p++;
        }
        try {
            point.timestamp(Numbers.parseLong(buf, start, p));
        } catch (NumberFormatException e) {
            throw fail(start, "invalid timestamp " + quoted(start, p)
                    + ": expected an integer number of nanoseconds since the epoch, like 1616403090000000000");
        } catch (ArithmeticException e) {
            throw fail(start, "timestamp " + quoted(start, p)
                    + " is out of range (a signed 64-bit number of nanoseconds)");
        }
        return p;
    }

    /**
     * The name in {@code buf[start, stop)} just scanned by {@link #scanName} (which left its
     * hash and whether it holds a backslash), unescaped and from the name cache.
     */
    private String name(int start, int stop, boolean equalsEscapes) {
        if (nameClean) {
            return names.get(buf, start, stop - start, nameHash);
        }
        byte[] out = scratch(stop - start);
        int n = 0;
        for (int i = start; i < stop; i++) {
            byte b = buf[i];
            if (b == BSL && i + 1 < stop && isEscape(buf[i + 1], equalsEscapes)) {
                b = buf[++i];
            }
            out[n++] = b;
        }
        return names.get(out, 0, n);
    }

    private byte[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        return scratch;
    }

    private static boolean isEscape(byte b, boolean equalsEscapes) {
        return b == SP || b == COMMA || b == BSL || (equalsEscapes && b == EQ);
    }

    private static boolean isControl(byte b) {
        return (b >= 0 && b < 0x20) || b == 0x7f;
    }

    private boolean atEol(int p) {
        return p >= end || buf[p] == LF || (buf[p] == CR && (p + 1 == end || buf[p + 1] == LF));
    }

    private void consumeEol() {
        if (pos < end && buf[pos] == CR) {
            pos++;
        }
        if (pos < end && buf[pos] == LF) {
            pos++;
            line++;
            lineStart = pos;
        }
    }

    private void skipRestOfLine() {
        int p = pos;
        while (p < end && buf[p] != LF) {
            p++;
        }
        pos = p;
        if (p < end) {
            pos++;
            line++;
            lineStart = pos;
        }
    }

    /** Where each name of a line sits in the body: start, length (-1 when not reusable), value. */
    private static final class Shape {
        int[] starts = new int[32];
        int[] lengths = new int[32];
        String[] names = new String[32];
        int count;

        void grow() {
            int n = starts.length * 2;
            starts = Arrays.copyOf(starts, n);
            lengths = Arrays.copyOf(lengths, n);
            names = Arrays.copyOf(names, n);
        }
    }

    private LineProtocolException fail(int at, String problem) {
        resumePos = at;
        resumeLine = line;
        resumeLineStart = lineStart;
        int column = 1;
        for (int i = lineStart; i < at && i < end; i++) {
            if ((buf[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return new LineProtocolException(line, column, problem);
    }

    private String describe(int p) {
        if (p >= end) {
            return "end of input";
        }
        if (atEol(p)) {
            return "end of line";
        }
        byte b = buf[p];
        if (isControl(b)) {
            return String.format("control character 0x%02X", b);
        }
        int len = 1;
        while (p + len < end && len < 4 && (buf[p + len] & 0xC0) == 0x80) {
            len++;
        }
        return "'" + new String(buf, p, len, StandardCharsets.UTF_8) + "'";
    }

    private String quoted(int start, int stop) {
        return "\"" + shorten(new String(buf, start, stop - start, StandardCharsets.UTF_8)) + "\"";
    }

    private static String shorten(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
    }

    private static String controlMessage(byte b, String where) {
        return String.format("control character 0x%02X is not allowed in %s "
                + "(parts are separated by spaces only; remove it)", b, where);
    }
}
