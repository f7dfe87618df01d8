package dev.heliograph.live.influx;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing straight from bytes, for the parser's hot path. Decimal floats with up to 19
 * significant digits (Telegraf writes at most 17) are converted by {@link DecimalToDouble}
 * (Clinger's exact path, else Eisel-Lemire), so every result is the correctly rounded double
 * without a {@code String} per number; longer digit strings, which need more than 64 bits to
 * round correctly, go through {@link Double#parseDouble}. Stateless.
 */
final class Numbers {
    /** At most this many significant digits fit a {@code long} read as unsigned. */
    private static final int MAX_DIGITS = 19;

    private Numbers() {
    }

    /**
     * Parses {@code [-] (digits [. [digits]] | . digits) [(e|E) [+|-] digits]} in
     * {@code buf[start, end)}; returns NaN when the text does not match (the grammar cannot
     * produce NaN, so the sentinel is unambiguous).
     */
    static double parseFloat(byte[] buf, int start, int end) {
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
            if (significant < MAX_DIGITS) {
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
                if (significant < MAX_DIGITS) {
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
        if (!truncated) {
            // The digits are exactly mantissa * 10^exp10 (mantissa < 10^19 < 2^64).
            return DecimalToDouble.toDouble(mantissa, exp10, negative);
        }
        // More than 19 significant digits: rare, and the text is valid, so the JDK rounds it.
        return Double.parseDouble(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
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
        if (end - i <= 18 || (end - i == 19 && buf[i] < '9')) {
            // Below 9 * 10^18, so no overflow: no range checks.
            long acc = 0;
            int eight;
            while (i + 8 <= end && (eight = Bytes.eightDigits(buf, i)) >= 0) {
                acc = acc * 100_000_000 + eight;
                i += 8;
            }
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
