package dev.heliograph.live.influx;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * The text of a field value as Go's {@code fmt.Sprintf("%v", v)} writes it: what a string
 * column receives when a later line gives the same field a number or a boolean. Integers in
 * decimal; booleans {@code true}/{@code false}; floats with the shortest digits that read back
 * as the same double, in plain notation when the decimal exponent is in [-4, 6) (strconv's shortest %g rule) and otherwise
 * as {@code d.ddde+XX} (for example {@code 0.5}, {@code 123456}, {@code 1e+06}, {@code 1.5e-05}).
 * Stateless; only used on the (rare) type-conflict path.
 */
final class GoValueText {
    private GoValueText() {
    }

    static String of(LinePoint p, int i) {
        switch (p.fieldKind(i)) {
            case INTEGER:
                return Long.toString(p.longValue(i));
            case UNSIGNED:
                return Long.toUnsignedString(p.longValue(i));
            case BOOLEAN:
                return p.booleanValue(i) ? "true" : "false";
            case STRING:
                return p.stringValue(i);
            default:
                return ofDouble(p.floatValue(i));
        }
    }

    static String ofDouble(double v) {
        if (v == 0) {
            return (1 / v) < 0 ? "-0" : "0";
        }
        // Shortest round-trip digits, Java notation: "1.5E-5", "123.0", "1.0E21".
        String java = NumberOutput.toString(Math.abs(v), true) /* Schubfach, through the exported API */;
        int e = java.indexOf('E');
        String mantissa = e < 0 ? java : java.substring(0, e);
        int exp = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String digits = (mantissa.substring(0, dot) + mantissa.substring(dot + 1));
        int pointPos = dot + exp; // digits before the decimal point
        // strip leading zeros (keeping the point position consistent) and trailing zeros
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        digits = digits.substring(lead);
        pointPos -= lead;
        int trail = digits.length();
        while (trail > 1 && digits.charAt(trail - 1) == '0') {
            trail--;
        }
        digits = digits.substring(0, trail);
        int decimalExp = pointPos - 1;
        StringBuilder sb = new StringBuilder(24);
        if (v < 0) {
            sb.append('-');
        }
        if (decimalExp < -4 || decimalExp >= 6) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(decimalExp < 0 ? '-' : '+');
            int abs = Math.abs(decimalExp);
            if (abs < 10) {
                sb.append('0');
            }
            sb.append(abs);
        } else if (pointPos <= 0) {
            sb.append("0.");
            for (int i = pointPos; i < 0; i++) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (pointPos >= digits.length()) {
            sb.append(digits);
            for (int i = digits.length(); i < pointPos; i++) {
                sb.append('0');
            }
        } else {
            sb.append(digits, 0, pointPos).append('.').append(digits, pointPos, digits.length());
        }
        return sb.toString();
    }
}
