package dev.heliograph.live.protocol;

import dev.heliograph.live.internal.json.JsonStrings;
import dev.heliograph.live.json.RawJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 buffer for the protocol's hand-written encoders: literals, escaped strings,
 * numbers and raw JSON values copied as they are. One instance per encoding; not thread-safe.
 */
final class JsonBytes {
    private byte[] buf;
    private int len;

    JsonBytes(int capacity) {
        buf = new byte[capacity];
    }

    /** Appends a literal known to be ASCII (field names, punctuation). */
    JsonBytes ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    JsonBytes ch(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    /** Appends {@code s} as a quoted, escaped JSON string. */
    JsonBytes string(String s) {
        int n = s.length();
        ensure(n + 2);
        int start = len;
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                len = start;
                return escapedString(s);
            }
            buf[len++] = (byte) c;
        }
        buf[len++] = '"';
        return this;
    }

    private JsonBytes escapedString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8).append('"');
        JsonStrings.appendEscaped(sb, s);
        return raw(sb.append('"').toString().getBytes(StandardCharsets.UTF_8));
    }

    JsonBytes number(long n) {
        return ascii(Long.toString(n));
    }

    JsonBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    JsonBytes raw(RawJson json) {
        return raw(json.unsafeBytes());
    }

    byte[] toByteArray() {
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
