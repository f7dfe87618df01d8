package dev.heliograph.live.frame;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * Writes a finite {@code double} exactly as the plugin SDK's JSON stream ({@code WriteFloat64},
 * the same rule as Go's {@code encoding/json}) does: the shortest decimal that reads back as the
 * same double, in plain notation ({@code 1}, {@code 0.1}, {@code 123.456},
 * {@code 100000000000000000000}) when {@code 1e-6 <= |v| < 1e21}, otherwise in exponent notation
 * with at least two exponent digits except for small negative ones ({@code 1e+21},
 * {@code 1.5e-7}, {@code 1e-300}). Zero is {@code 0}, negative zero {@code -0}.
 *
 * <p>Fast paths write integers and values with up to 15 significant digits without allocating;
 * other values take the shortest digits from Jackson's Schubfach implementation (one short
 * string per value). Stateless.
 */
final class GoFloat {
    private static final double[] POW10 = new double[16];
    private static final long[] LPOW10 = new long[16];
    private static final double FAST_LIMIT = 1e15;

    static {
        double p = 1;
        long lp = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            LPOW10[i] = lp;
            p *= 10;
            lp *= 10;
        }
    }

    private GoFloat() {}

    static void write(ByteSink out, double v) {
        if (v == 0) {
            if (Double.doubleToRawLongBits(v) != 0) {
                out.writeAscii("-0");
            } else {
                out.writeByte('0');
            }
            return;
        }
        double abs = Math.abs(v);
        if (abs < FAST_LIMIT && abs >= 1e-6) {
            long whole = (long) v;
            if (whole == v) {
                out.writeLong(whole);
                return;
            }
            // One try at the most decimals that keep 15 significant digits: if that decimal reads
            // back as v, dropping its trailing zeros gives the shortest one (below 1e15 the
            // rounding of v * 10^k is far under 0.5, so the nearest integer is exact).
            int k = 15 - (abs < 1 ? 0 : ByteSink.digitCount(Math.abs(whole)));
            long m = Math.round(v * POW10[k]);
            if (m / POW10[k] == v) {
                while (m % 10 == 0) {
                    m /= 10;
                    k--;
                }
                writeFixed(out, m, k);
                return;
            }
        }
        writeSlow(out, v, abs);
    }

    /** Writes {@code m * 10^-k} in plain notation (k >= 1, the last fraction digit is not 0). */
    private static void writeFixed(ByteSink out, long m, int k) {
        if (m < 0) {
            out.writeByte('-');
            m = -m;
        }
        long scale = LPOW10[k];
        out.writeLong(m / scale);
        out.writeByte('.');
        out.writePadded(m % scale, k);
    }

    /** The general path, always correct; package-private so tests can check the fast paths against it. */
    static void writeSlow(ByteSink out, double v, double abs) {
        // Java notation from Schubfach: "-1.2345E-7", "123.456", "1.0E21", "0.001"
        String s = NumberOutput.toString(v, true) /* Schubfach, through the exported API */;
        int n = s.length();
        byte[] digits = out.scratch(n);
        int count = 0;
        int pointAt = -1;
        int exp = 0;
        int i = s.charAt(0) == '-' ? 1 : 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                pointAt = count;
            } else if (c == 'E') {
                exp = Integer.parseInt(s, i + 1, n, 10);
                break;
            } else {
                digits[count++] = (byte) c;
            }
        }
        if (pointAt < 0) {
            pointAt = count;
        }
        int first = 0;
        while (first < count - 1 && digits[first] == '0') {
            first++;
        }
        int last = count;
        while (last > first + 1 && digits[last - 1] == '0') {
            last--;
        }
        // value = d[first].d[first+1..last) x 10^sci
        int sci = pointAt - 1 - first + exp;
        if (last - first == 2 && abs < Double.MIN_NORMAL) {
            // Java's notation never has fewer than two digits; Go's shortest may have one
            // (5e-324, not 4.9e-324). Only subnormals are coarse enough for this to matter.
            int d0 = digits[first] - '0';
            boolean lowOk = Double.parseDouble(d0 + "e" + sci) == abs;
            boolean highOk = Double.parseDouble((d0 + 1) + "e" + sci) == abs;
            if (lowOk && highOk) {
                java.math.BigDecimal exact = new java.math.BigDecimal(abs);
                java.math.BigDecimal low = new java.math.BigDecimal(d0 + "e" + sci);
                java.math.BigDecimal high = new java.math.BigDecimal((d0 + 1) + "e" + sci);
                highOk = exact.subtract(low).compareTo(high.subtract(exact)) > 0;
                lowOk = !highOk;
            }
            if (lowOk) {
                last = first + 1;
            } else if (highOk) {
                last = first + 1;
                if (d0 == 9) {
                    digits[first] = '1';
                    sci++;
                } else {
                    digits[first] = (byte) ('0' + d0 + 1);
                }
            }
        }
        if (v < 0) {
            out.writeByte('-');
        }
        if (abs >= 1e-6 && abs < 1e21) {
            writePlain(out, digits, first, last, sci);
        } else {
            writeExponent(out, digits, first, last, sci);
        }
    }

    private static void writePlain(ByteSink out, byte[] d, int first, int last, int sci) {
        int n = last - first;
        if (sci >= 0) {
            int intDigits = sci + 1;
            for (int i = 0; i < intDigits; i++) {
                out.writeByte(i < n ? d[first + i] : '0');
            }
            if (n > intDigits) {
                out.writeByte('.');
                for (int i = intDigits; i < n; i++) {
                    out.writeByte(d[first + i]);
                }
            }
        } else {
            out.writeAscii("0.");
            for (int i = 0; i < -sci - 1; i++) {
                out.writeByte('0');
            }
            for (int i = 0; i < n; i++) {
                out.writeByte(d[first + i]);
            }
        }
    }

    private static void writeExponent(ByteSink out, byte[] d, int first, int last, int sci) {
        out.writeByte(d[first]);
        if (last - first > 1) {
            out.writeByte('.');
            for (int i = first + 1; i < last; i++) {
                out.writeByte(d[i]);
            }
        }
        out.writeByte('e');
        if (sci < 0) {
            // Go writes e-07; the SDK's stream then trims it to e-7
            out.writeByte('-');
            out.writeLong(-sci);
        } else {
            out.writeByte('+');
            if (sci < 10) {
                out.writeByte('0');
            }
            out.writeLong(sci);
        }
    }
}
