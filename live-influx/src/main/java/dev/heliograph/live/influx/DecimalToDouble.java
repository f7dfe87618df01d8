package dev.heliograph.live.influx;

import java.math.BigInteger;

/**
 * Turns a decimal {@code w * 10^q} (an exact 64-bit digit string and a power of ten) into the
 * correctly rounded double, without text: Clinger's exact path when both parts are exactly
 * representable, otherwise the Eisel-Lemire algorithm (one or two 64x128-bit multiplications by
 * a truncated power of five; exact for every {@code w} below 2^64, as Mushtak and Lemire proved
 * for "Fast Number Parsing Without Fallback"). The parser's {@link Numbers#parseFloat} calls it
 * with up to 19 significant digits; longer inputs never get here. Stateless, thread-safe.
 */
final class DecimalToDouble {
    private static final int MIN_Q = -342;
    private static final int MAX_Q = 308;
    private static final double[] EXACT_POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };
    /**
     * 5^q for q in [-342, 308], as the 128 most significant bits with the top bit set (high word
     * at {@code 2 * (q - MIN_Q)}, low word next): truncated for q >= 0, and for q < 0 the
     * reciprocal rounded up, as the algorithm requires.
     */
    private static final long[] POW5 = powersOfFive();

    private DecimalToDouble() {
    }

    /** The double nearest to {@code w * 10^q} ({@code w} read as unsigned), negated when asked. */
    static double toDouble(long w, int q, boolean negative) {
        if (w == 0) {
            return negative ? -0.0 : 0.0;
        }
        if (q >= -22 && q <= 22 && w >= 0 && w <= (1L << 53)) {
            double d = q >= 0 ? w * EXACT_POW10[q] : w / EXACT_POW10[-q];
            return negative ? -d : d;
        }
        double d = eiselLemire(w, q);
        return negative ? -d : d;
    }

    private static double eiselLemire(long w, int q) {
        if (q < MIN_Q) {
            return 0.0;
        }
        if (q > MAX_Q) {
            return Double.POSITIVE_INFINITY;
        }
        int lz = Long.numberOfLeadingZeros(w);
        w <<= lz;
        int index = 2 * (q - MIN_Q);
        long hi = unsignedMultiplyHigh(w, POW5[index]);
        long lo = w * POW5[index];
        // 55 bits are kept (52 explicit + the implicit one + 2 for rounding): when the 9 bits
        // below them are all ones, the truncated table entry may have mattered; add the next word.
        final long precisionMask = 0xFFFFFFFFFFFFFFFFL >>> 55;
        if ((hi & precisionMask) == precisionMask) {
            long secondHi = unsignedMultiplyHigh(w, POW5[index + 1]);
            long sum = lo + secondHi;
            if (Long.compareUnsigned(secondHi, sum) > 0) {
                hi++;
            }
            lo = sum;
        }
        int upperBit = (int) (hi >>> 63);
        int shift = upperBit + 64 - 52 - 3;
        long mantissa = hi >>> shift;
        int power2 = (((152170 + 65536) * q) >> 16) + 63 + upperBit - lz + 1023;
        if (power2 <= 0) {
            // Subnormal (or zero).
            if (-power2 + 1 >= 64) {
                return 0.0;
            }
            mantissa >>>= -power2 + 1;
            mantissa += mantissa & 1;
            mantissa >>>= 1;
            power2 = mantissa < (1L << 52) ? 0 : 1;
            return Double.longBitsToDouble(((long) power2 << 52) | (mantissa & ((1L << 52) - 1)));
        }
        // Exactly halfway between two doubles (possible only when 5^q fits 64 bits): round to even.
        if (Long.compareUnsigned(lo, 1) <= 0 && q >= -4 && q <= 23 && (mantissa & 3) == 1
                && (mantissa << shift) == hi) {
            mantissa &= ~1L;
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (Long.compareUnsigned(mantissa, 2L << 52) >= 0) {
            mantissa = 1L << 52;
            power2++;
        }
        mantissa &= ~(1L << 52);
        if (power2 >= 0x7FF) {
            return Double.POSITIVE_INFINITY;
        }
        return Double.longBitsToDouble(((long) power2 << 52) | mantissa);
    }

    /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh is Java 18+). */
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    private static long[] powersOfFive() {
        long[] table = new long[2 * (MAX_Q - MIN_Q + 1)];
        BigInteger five = BigInteger.valueOf(5);
        for (int q = MIN_Q; q <= MAX_Q; q++) {
            BigInteger v;
            if (q >= 0) {
                v = five.pow(q);
                int bits = v.bitLength();
                v = bits > 128 ? v.shiftRight(bits - 128) : v.shiftLeft(128 - bits);
            } else {
                BigInteger p = five.pow(-q);
                int z = p.bitLength(); // 2^(z-1) <= p < 2^z, p is never a power of two
                int b = q >= -27 ? z + 127 : 2 * z + 128;
                v = BigInteger.ONE.shiftLeft(b).divide(p).add(BigInteger.ONE);
                int bits = v.bitLength();
                if (bits > 128) {
                    v = v.shiftRight(bits - 128);
                }
            }
            int i = 2 * (q - MIN_Q);
            table[i] = v.shiftRight(64).longValue();
            table[i + 1] = v.longValue();
        }
        return table;
    }
}
