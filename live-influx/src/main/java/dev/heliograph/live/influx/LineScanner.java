package dev.heliograph.live.influx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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

    private final byte[] buf;
    private final int end;
    private final NameCache names;
    private final LinePoint point = new LinePoint();
    private byte[] scratch = new byte[64];
    private final char[] chars = new char[32];

    private int pos;
    private int line = 1;
    private int lineStart;

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

        int start = p;
        boolean escaped = false;
        int hash = 1;
        for (; p < end; p++) {
            byte b = buf[p];
            if ((CLASS[b & 0xFF] & SPECIAL_IN_MEASUREMENT) == 0) {
                hash = 31 * hash + b;
                continue;
            }
            if (b == SP || b == COMMA) {
                break;
            }
            if (b == BSL) {
                if (p + 1 < end && isEscape(buf[p + 1], false)) {
                    escaped = true;
                    p++;
                } else {
                    hash = 31 * hash + b;
                }
            } else if (isControl(b)) {
                if (atEol(p)) {
                    break;
                }
                throw fail(p, controlMessage(b, "a measurement name"));
            }
        }
        if (p == start) {
            throw fail(p, "expected a measurement name, found " + describe(p));
        }
        String measurement = name(start, p, escaped, false, hash);
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
            int keyStart = p;
            escaped = false;
            hash = 1;
            for (; p < end; p++) {
                byte b = buf[p];
                if ((CLASS[b & 0xFF] & SPECIAL_IN_KEY) == 0) {
                    hash = 31 * hash + b;
                    continue;
                }
                if (b == EQ || b == SP || b == COMMA) {
                    break;
                }
                if (b == BSL) {
                    if (p + 1 < end && isEscape(buf[p + 1], true)) {
                        escaped = true;
                        p++;
                    } else {
                        hash = 31 * hash + b;
                    }
                } else if (isControl(b)) {
                    if (atEol(p)) {
                        break;
                    }
                    throw fail(p, controlMessage(b, "a field key"));
                }
            }
            if (p == keyStart) {
                throw fail(p, "expected a field key, found " + describe(p));
            }
            key = name(keyStart, p, escaped, true, hash);
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
        return true;
    }

    /** Parses {@code key=value} starting at {@code p}; returns the position after it. */
    private int tag(int p) {
        int keyStart = p;
        boolean escaped = false;
        int hash = 1;
        for (; p < end; p++) {
            byte b = buf[p];
            if ((CLASS[b & 0xFF] & SPECIAL_IN_KEY) == 0) {
                hash = 31 * hash + b;
                continue;
            }
            if (b == EQ || b == SP || b == COMMA) {
                break;
            }
            if (b == BSL) {
                if (p + 1 < end && isEscape(buf[p + 1], true)) {
                    escaped = true;
                    p++;
                } else {
                    hash = 31 * hash + b;
                }
            } else if (isControl(b)) {
                if (atEol(p)) {
                    break;
                }
                throw fail(p, controlMessage(b, "a tag key"));
            }
        }
        if (p == keyStart) {
            throw fail(p, "expected a tag key after ',', found " + describe(p));
        }
        String key = name(keyStart, p, escaped, true, hash);
        if (p >= end || buf[p] != EQ) {
            throw fail(p, "expected '=' after tag key \"" + shorten(key) + "\", found "
                    + describe(p));
        }
        p++;
        int valueStart = p;
        escaped = false;
        hash = 1;
        for (; p < end; p++) {
            byte b = buf[p];
            if ((CLASS[b & 0xFF] & SPECIAL_IN_KEY) == 0) {
                hash = 31 * hash + b;
                continue;
            }
            if (b == SP || b == COMMA) {
                break;
            }
            if (b == BSL) {
                if (p + 1 < end && isEscape(buf[p + 1], true)) {
                    escaped = true;
                    p++;
                } else {
                    hash = 31 * hash + b;
                }
            } else if (b == EQ) {
                throw fail(p, "unescaped '=' in the value of tag \"" + shorten(key)
                        + "\"; write it as \\=");
            } else if (isControl(b)) {
                if (atEol(p)) {
                    break;
                }
                throw fail(p, controlMessage(b, "a tag value"));
            }
        }
        if (p == valueStart) {
            throw fail(p, "expected a value for tag \"" + shorten(key) + "\", found "
                    + describe(p) + " (tags cannot be empty: leave the tag out)");
        }
        point.addTag(key, name(valueStart, p, escaped, true, hash));
        return p;
    }

    /** Parses a field value starting at {@code p}; returns the position after it. */
    private int value(String key, int p) {
        if (p < end && buf[p] == QUOTE) {
            return stringValue(key, p);
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
            double d = Numbers.parseFloat(buf, start, p, chars);
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

    /** The name in {@code buf[start, stop)}; {@code hash} is its byte hash when not escaped. */
    private String name(int start, int stop, boolean escaped, boolean equalsEscapes, int hash) {
        if (!escaped) {
            return names.get(buf, start, stop - start, hash);
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
