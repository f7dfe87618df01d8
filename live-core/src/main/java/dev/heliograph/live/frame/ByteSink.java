package dev.heliograph.live.frame;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A growable UTF-8 byte buffer with the few JSON writes the frame encoder needs. Strings are
 * escaped the way the plugin SDK's JSON stream does it: {@code \"}, {@code \\}, {@code \n},
 * {@code \r}, {@code \t} as two characters, other control characters as <code>&#92;u00XX</code>
 * (lower-case hex), everything else (HTML characters, U+2028, non-ASCII) as plain UTF-8. An
 * unpaired UTF-16 surrogate is written as U+FFFD.
 *
 * <p>One instance per encode call; not thread-safe.
 */
final class ByteSink {
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;
    private byte @Nullable [] scratch;

    ByteSink(int initialCapacity) {
        buf = new byte[Math.max(initialCapacity, 64)];
    }

    /** A reusable work array of at least {@code n} bytes, for number formatting. */
    byte[] scratch(int n) {
        if (scratch == null || scratch.length < n) {
            scratch = new byte[Math.max(n, 32)];
        }
        return scratch;
    }

    int length() {
        return len;
    }

    /** The written bytes, in an array of exactly {@link #length()} bytes. */
    byte[] toByteArray() {
        return buf.length == len ? buf : Arrays.copyOf(buf, len);
    }

    void ensure(int extra) {
        int needed = len + extra;
        if (needed > buf.length) {
            if (needed < 0) {
                throw new IllegalStateException("frame JSON larger than 2 GB");
            }
            int grown = Math.max(needed, buf.length + (buf.length >> 1));
            buf = Arrays.copyOf(buf, grown < 0 ? Integer.MAX_VALUE - 8 : grown);
        }
    }

    void writeByte(int b) {
        if (len == buf.length) {
            ensure(1);
        }
        buf[len++] = (byte) b;
    }

    /** Writes an ASCII-only literal (keys, punctuation). */
    void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    void writeBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    void writeNull() {
        ensure(4);
        buf[len++] = 'n';
        buf[len++] = 'u';
        buf[len++] = 'l';
        buf[len++] = 'l';
    }

    void writeBool(boolean b) {
        writeAscii(b ? "true" : "false");
    }

    /** Writes a decimal integer. */
    void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            writeBytes(MIN_LONG);
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        writeDigits(v, digitCount(v));
    }

    /** Writes the non-negative {@code v} padded with leading zeros to {@code width} digits. */
    void writePadded(long v, int width) {
        ensure(Math.max(width, 20));
        int digits = digitCount(v);
        for (int i = digits; i < width; i++) {
            buf[len++] = '0';
        }
        writeDigits(v, digits);
    }

    /** Writes the {@code digits} decimal digits of the non-negative {@code v}; room was ensured. */
    private void writeDigits(long v, int digits) {
        int end = len + digits;
        int pos = end;
        do {
            buf[--pos] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        len = end;
    }

    static int digitCount(long v) {
        int n = 1;
        long p = 10;
        while (n < 19 && v >= p) {
            n++;
            p *= 10;
        }
        return n;
    }

    /** Writes {@code s} as a quoted, escaped JSON string. */
    void writeString(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        int i = 0;
        // fast path: plain ASCII that needs no escaping
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
                break;
            }
            buf[len++] = (byte) c;
        }
        if (i < n) {
            writeStringSlow(s, i, n);
        }
        writeByte('"');
    }

    private void writeStringSlow(String s, int i, int n) {
        for (; i < n; i++) {
            char c = s.charAt(i);
            ensure(6);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    buf[len++] = (byte) c;
                    continue;
                }
                buf[len++] = '\\';
                switch (c) {
                    case '"', '\\' -> buf[len++] = (byte) c;
                    case '\n' -> buf[len++] = 'n';
                    case '\r' -> buf[len++] = 'r';
                    case '\t' -> buf[len++] = 't';
                    default -> {
                        buf[len++] = 'u';
                        buf[len++] = '0';
                        buf[len++] = '0';
                        buf[len++] = HEX[c >> 4];
                        buf[len++] = HEX[c & 0xf];
                    }
                }
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xc0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    buf[len++] = (byte) (0xf0 | (cp >> 18));
                    buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    buf[len++] = (byte) (0x80 | (cp & 0x3f));
                } else {
                    buf[len++] = (byte) 0xef; // U+FFFD for a lone surrogate
                    buf[len++] = (byte) 0xbf;
                    buf[len++] = (byte) 0xbd;
                }
            } else {
                buf[len++] = (byte) (0xe0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }
}
