package dev.heliograph.live.influx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte-array helpers for the parser's hot path that read eight bytes at a time: equality of two
 * ranges (names are short, so this beats the general {@code Arrays.equals} with its range
 * checks and set-up) and eight ASCII digits at once (SWAR). Stateless.
 */
final class Bytes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {
    }

    /** True when {@code a[aOff, aOff + len)} and {@code b[bOff, bOff + len)} hold the same bytes. */
    static boolean equal(byte[] a, int aOff, byte[] b, int bOff, int len) {
        if (len >= 8) {
            int i = 0;
            for (; i + 8 <= len; i += 8) {
                if ((long) LONGS.get(a, aOff + i) != (long) LONGS.get(b, bOff + i)) {
                    return false;
                }
            }
            // The last word overlaps the previous one instead of a tail loop.
            return i == len || (long) LONGS.get(a, aOff + len - 8) == (long) LONGS.get(b, bOff + len - 8);
        }
        if (len >= 4) {
            return (int) INTS.get(a, aOff) == (int) INTS.get(b, bOff)
                    && (int) INTS.get(a, aOff + len - 4) == (int) INTS.get(b, bOff + len - 4);
        }
        for (int i = 0; i < len; i++) {
            if (a[aOff + i] != b[bOff + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of the eight ASCII digits at {@code buf[at, at + 8)} (the caller checks that
     * they exist), or -1 when any of them is not a digit.
     */
    static int eightDigits(byte[] buf, int at) {
        long v = (long) LONGS.get(buf, at);
        // A byte is a digit when it is >= '0' and '9' + 0x46 does not carry into bit 7.
        if ((((v + 0x4646464646464646L) | (v - 0x3030303030303030L)) & 0x8080808080808080L) != 0) {
            return -1;
        }
        v -= 0x3030303030303030L;
        v = (v * 10) + (v >>> 8);
        v = (((v & 0x000000FF000000FFL) * 0x000F424000000064L)
                + (((v >>> 16) & 0x000000FF000000FFL) * 0x0000271000000001L)) >>> 32;
        return (int) v;
    }
}
