package dev.heliograph.live.bench.fanout;

import java.nio.ByteBuffer;

/**
 * Byte-level reading of the Centrifuge JSON lines the fan-out client receives, without decoding
 * them to Strings: finding a key and reading the unsigned number after it. Absolute reads only,
 * the buffer's position is never moved.
 *
 * <p>Stateless; called on each client process's single selector thread.
 */
final class TextScan {
    static final byte[] PUSH = bytes("{\"push\":");
    static final byte[] PUB = bytes("\"pub\":");
    static final byte[] SENT_NS = bytes("\"sent_ns\":");
    static final byte[] SEQ = bytes("\"seq\":");
    static final byte[] ID = bytes("\"id\":");
    static final byte[] ERROR = bytes("\"error\"");

    private TextScan() {}

    static byte[] bytes(String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Whether {@code b[from, to)} starts with {@code prefix}. */
    static boolean startsWith(ByteBuffer b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b.get(from + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The index of {@code key} in {@code b[from, to)}, or -1. */
    static int indexOf(ByteBuffer b, int from, int to, byte[] key) {
        byte first = key[0];
        int last = to - key.length;
        for (int i = from; i <= last; i++) {
            if (b.get(i) == first && startsWith(b, i, to, key)) {
                return i;
            }
        }
        return -1;
    }

    /** The unsigned decimal after {@code key} in {@code b[from, to)}, or -1 when absent. */
    static long numberAfter(ByteBuffer b, int from, int to, byte[] key) {
        int at = indexOf(b, from, to, key);
        if (at < 0) {
            return -1;
        }
        int i = at + key.length;
        long value = 0;
        int digits = 0;
        while (i < to && digits < 19) {
            byte c = b.get(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            digits++;
            i++;
        }
        return digits == 0 ? -1 : value;
    }
}
