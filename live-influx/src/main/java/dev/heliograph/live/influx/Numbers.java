package dev.heliograph.live.influx;

import com.fasterxml.jackson.core.io.NumberInput;

/**
 * Number parsing straight from bytes, for the parser's hot path. Decimal floats take the exact
 * fast path (mantissa up to 2^53 and a power of ten up to 10^22: one correctly rounded
 * multiplication or division) and otherwise use Jackson's {@code NumberInput} (FastDoubleParser,
 * the Eisel-Lemire algorithm), so every result is the correctly rounded double without a
 * {@code String} per number. Stateless.
 */
final class Numbers {
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };
    private static final long MAX_EXACT = 1L << 53;

    private Numbers() {
    }

    /**
     * Parses {@code [-] (digits [. [digits]] | . digits) [(e|E) [+|-] digits]} in
     * {@code buf[start, end)} ({@code charScratch} is a reusable buffer for the slow path; a
     * longer text gets its own); returns NaN when the text does not match (the grammar cannot
     * produce NaN, so the sentinel is unambiguous).
     */
    static double parseFloat(byte[] buf, int start, int end, char[] charScratch) {
        int i = start;
        boolean negative = false;
        if (i < end && buf[i] == '-') {
            negative = true;
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int exp10 = 0;
        boolean truncated = false;
        boolean anyDigit = false;
        while (i < end) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            anyDigit = true;
            if (significant < 18) {
                if (mantissa != 0 || d != 0) {
                    mantissa = mantissa * 10 + d;
                    significant++;
                }
            } else {
                exp10++;
                truncated |= d != 0;
            }
            i++;
        }
        if (i < end && buf[i] == '.') {
            i++;
            while (i < end) {
                int d = buf[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                anyDigit = true;
                if (significant < 18) {
                    if (mantissa != 0 || d != 0) {
                        mantissa = mantissa * 10 + d;
                        significant++;
                    }
                    exp10--;
                } else {
                    truncated |= d != 0;
                }
                i++;
            }
        }
        if (!anyDigit) {
            return Double.NaN;
        }
        if (i < end && (buf[i] == 'e' || buf[i] == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < end && (buf[i] == '+' || buf[i] == '-')) {
                expNegative = buf[i] == '-';
                i++;
            }
            int expStart = i;
            int exp = 0;
            while (i < end) {
                int d = buf[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                if (exp < 100_000) {
                    exp = exp * 10 + d;
                }
                i++;
            }
            if (i == expStart) {
                return Double.NaN;
            }
            exp10 += expNegative ? -exp : exp;
        }
        if (i != end) {
            return Double.NaN;
        }
        if (mantissa == 0) {
            return negative ? -0.0 : 0.0;
        }
        if (!truncated && mantissa <= MAX_EXACT && exp10 >= -22 && exp10 <= 22) {
            double value = exp10 >= 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
            return negative ? -value : value;
        }
        // Long mantissas (Telegraf writes up to 17 digits) and large exponents: Jackson's
        // FastDoubleParser (Eisel-Lemire), correctly rounded, from a reused char buffer.
        int len = end - start;
        char[] chars = charScratch.length >= len ? charScratch : new char[len];
        for (int k = 0; k < len; k++) {
            chars[k] = (char) buf[start + k];
        }
        return NumberInput.parseDouble(chars, 0, len, true);
    }

    /**
     * Parses {@code [-] digits} in {@code buf[start, end)} as a signed 64-bit integer.
     *
     * @throws NumberFormatException when the text is not of that form
     * @throws ArithmeticException   when it is, but lies outside the long range
     */
    static long parseLong(byte[] buf, int start, int end) {
        int i = start;
        boolean negative = false;
        if (i < end && buf[i] == '-') {
            negative = true;
            i++;
        }
        if (i == end) {
            throw new NumberFormatException("no digits");
        }
        if (end - i <= 18) {
            // Cannot overflow: no range checks.
            long acc = 0;
            for (; i < end; i++) {
                int d = buf[i] - '0';
                if (d < 0 || d > 9) {
                    throw new NumberFormatException("not a digit");
                }
                acc = acc * 10 + d;
            }
            return negative ? -acc : acc;
        }
        // Accumulate negatively: the negative range is one larger.
        long acc = 0;
        for (; i < end; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                throw new NumberFormatException("not a digit");
            }
            if (acc < Long.MIN_VALUE / 10 || (acc == Long.MIN_VALUE / 10 && d > 8)) {
                scanDigits(buf, i, end);
                throw new ArithmeticException("out of range");
            }
            acc = acc * 10 - d;
        }
        if (negative) {
            return acc;
        }
        if (acc == Long.MIN_VALUE) {
            throw new ArithmeticException("out of range");
        }
        return -acc;
    }

    /**
     * Parses {@code digits} in {@code buf[start, end)} as an unsigned 64-bit integer, returned
     * as its bits.
     *
     * @throws NumberFormatException when the text is not of that form
     * @throws ArithmeticException   above 18446744073709551615
     */
    static long parseUnsigned(byte[] buf, int start, int end) {
        if (start == end) {
            throw new NumberFormatException("no digits");
        }
        long acc = 0;
        for (int i = start; i < end; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                throw new NumberFormatException("not a digit");
            }
            if (Long.compareUnsigned(acc, MAX_UNSIGNED_DIV_10) > 0
                    || (acc == MAX_UNSIGNED_DIV_10 && d > MAX_UNSIGNED_LAST_DIGIT)) {
                scanDigits(buf, i, end);
                throw new ArithmeticException("out of range");
            }
            acc = acc * 10 + d;
        }
        return acc;
    }

    private static final long MAX_UNSIGNED_DIV_10 = Long.divideUnsigned(-1L, 10);
    private static final int MAX_UNSIGNED_LAST_DIGIT = (int) Long.remainderUnsigned(-1L, 10);

    /** A malformed tail wins over an overflow: "99999999999999999999x" is malformed. */
    private static void scanDigits(byte[] buf, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buf[i] < '0' || buf[i] > '9') {
                throw new NumberFormatException("not a digit");
            }
        }
    }
}
