package dev.heliograph.live.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The float parser against {@link Double#parseDouble}, bit for bit, on edge cases and on
 * random inputs of every shape the line protocol allows (set {@code -DdecimalToDouble.samples}
 * for a longer run; the default is 100,000 per shape).
 */
class DecimalToDoubleTest {
    private static final int SAMPLES = Integer.getInteger("decimalToDouble.samples", 100_000);

    private static double parsed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return Numbers.parseFloat(bytes, 0, bytes.length);
    }

    private static void assertSameAsJdk(String text) {
        double expected = Double.parseDouble(text);
        double actual = parsed(text);
        if (Double.doubleToRawLongBits(actual) != Double.doubleToRawLongBits(expected)) {
            assertThat(actual).as("parse of \"%s\"", text).isEqualTo(expected);
            assertThat(Double.doubleToRawLongBits(actual)).as("bits of \"%s\"", text)
                .isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }

    private static void forSamples(long seed, Consumer<SplittableRandom> sample) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < SAMPLES; i++) {
            sample.accept(random);
        }
    }

    @Test
    @DisplayName("edge cases round like the JDK: zeros, ties, subnormals, the limits of float64")
    void edgeCases() {
        String[] texts = {
            "0", "-0", "0.0", "-0.0", "0e999", "00000.00000", "1", "-1", "9007199254740992", "9007199254740993",
            "9007199254740995", "9007199254740994.5", "18014398509481985", "9223372036854775807",
            "9223372036854775808", "18446744073709551615", "9999999999999999999", "1e22", "1e23", "9e22",
            "123456789012345678e5", "0.1", "0.2", "0.3", "0.30000000000000004", "2.2250738585072011e-308",
            "2.2250738585072012e-308", "2.2250738585072014e-308", "2.225073858507201e-308",
            "4.9406564584124654e-324", "4.9e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
            "2.4703282292062327e-325", "1e-324", "3e-324", "5e-324", "1e-400", "1.7976931348623157e308",
            "1.7976931348623158e308", "1.7976931348623159e308", "1.797693134862315807e308", "1e308", "1e309",
            "179769313486231570000000000000000000000e270", "0.000000000000000000000000000000000001",
            "7.2057594037927933e16", "3.0517578125e-5", "8.589973e9", "1.00000005960464477539062499",
            "1.000000059604644775390625", "9007199254740993.0000000001", "2.5", "3.5", "1125899906842624.125",
            "1125899906842624.375", "4503599627370497.5", "4503599627370498.5", "123456789012345678901234.5",
            ".5", "5.", "-.25", "1.5E+3", "1e-3", "12.000000000033651", "99.73046875000001",
        };
        for (String text : texts) {
            assertSameAsJdk(text);
        }
    }

    @Test
    @DisplayName("up to 19 random digits at any exponent from 1e-360 to 1e330")
    void randomDigitsAnyExponent() {
        forSamples(1, r -> {
            int digits = 1 + r.nextInt(19);
            StringBuilder sb = new StringBuilder();
            if (r.nextBoolean()) {
                sb.append('-');
            }
            for (int i = 0; i < digits; i++) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            sb.append('e').append(r.nextInt(-360, 331));
            assertSameAsJdk(sb.toString());
        });
    }

    @Test
    @DisplayName("random doubles written shortest, with 17 digits, and as exact 19-digit truncations")
    void randomDoublesInSeveralSpellings() {
        forSamples(2, r -> {
            double d = Double.longBitsToDouble(r.nextLong() & 0x7FFF_FFFF_FFFF_FFFFL);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return;
            }
            assertSameAsJdk(Double.toString(d));
            assertSameAsJdk(String.format(java.util.Locale.ROOT, "%.16e", d));
            BigDecimal exact = new BigDecimal(d);
            if (exact.signum() != 0) {
                assertSameAsJdk(exact.round(new java.math.MathContext(19, java.math.RoundingMode.DOWN)).toString());
                assertSameAsJdk(exact.round(new java.math.MathContext(19, java.math.RoundingMode.UP)).toString());
            }
        });
    }

    @Test
    @DisplayName("midpoints between neighbouring doubles that fit 19 digits round half to even")
    void exactTies() {
        forSamples(3, r -> {
            double d = Math.scalb(1.0 + r.nextDouble(), r.nextInt(40, 63));
            BigDecimal low = new BigDecimal(d);
            BigDecimal tie = low.add(new BigDecimal(Math.nextUp(d))).divide(BigDecimal.valueOf(2));
            if (tie.precision() <= 19) {
                assertSameAsJdk(tie.toPlainString());
                assertSameAsJdk(tie.stripTrailingZeros().toString());
            }
        });
    }

    @Test
    @DisplayName("subnormals and the normal boundary, in shortest and 17-digit spellings")
    void subnormals() {
        forSamples(4, r -> {
            double d = Double.longBitsToDouble(r.nextLong(0, 0x0020_0000_0000_0000L));
            assertSameAsJdk(Double.toString(d));
            assertSameAsJdk(String.format(java.util.Locale.ROOT, "%.16e", d));
            assertSameAsJdk(String.format(java.util.Locale.ROOT, "%.18e", d));
        });
    }

    @Test
    @DisplayName("Telegraf-style plain decimals parse through the line parser like the JDK")
    void plainDecimalsThroughTheParser() {
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder body = new StringBuilder();
        List<String> texts = new ArrayList<>();
        int lines = Math.min(SAMPLES, 200_000);
        for (int i = 0; i < lines; i++) {
            String text = switch (i % 4) {
                case 0 -> new BigDecimal(Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(-6, 12)))).toPlainString();
                case 1 -> (r.nextBoolean() ? "-" : "") + r.nextLong(0, Long.MAX_VALUE) / (1L << r.nextInt(63)) + "." + r.nextInt(1_000_000);
                case 2 -> Long.toString(r.nextLong() >> r.nextInt(64));
                default -> "0." + "0".repeat(r.nextInt(4)) + Long.toString(r.nextLong(1, Long.MAX_VALUE));
            };
            texts.add(text);
            body.append("m v=").append(text).append(",w=").append(text).append('\n');
        }
        List<double[]> values = new ArrayList<>();
        LineProtocolParser.strict().parse(body.toString().getBytes(StandardCharsets.ISO_8859_1),
            p -> values.add(new double[] {p.floatValue(0), p.floatValue(1)}));
        assertThat(values).hasSize(lines);
        for (int i = 0; i < lines; i++) {
            double expected = Double.parseDouble(texts.get(i));
            assertThat(values.get(i)[0]).as(texts.get(i)).isEqualTo(expected);
            assertThat(Double.doubleToRawLongBits(values.get(i)[1])).as(texts.get(i))
                .isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }
}
