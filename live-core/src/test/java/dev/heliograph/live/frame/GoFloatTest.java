package dev.heliograph.live.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Float64 text as the SDK's JSON stream (Go's strconv shortest, %f/%e cut-offs) writes it. */
@DisplayName("Go float formatting")
class GoFloatTest {

    static String go(double v) {
        ByteSink sink = new ByteSink(32);
        GoFloat.write(sink, v);
        return new String(sink.toByteArray(), StandardCharsets.US_ASCII);
    }

    static String slow(double v) {
        ByteSink sink = new ByteSink(32);
        GoFloat.writeSlow(sink, v, Math.abs(v));
        return new String(sink.toByteArray(), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0} is written as {1}")
    @CsvSource({
        "1, 1",
        "-1, -1",
        "0.1, 0.1",
        "100, 100",
        "-2.5, -2.5",
        "123.456, 123.456",
        "0.30000000000000004, 0.30000000000000004",
        "1.0000000000000002, 1.0000000000000002",
        "0.000001, 0.000001",
        "0.0000025, 0.0000025",
        "0.000123, 0.000123",
        "9.99e-7, 9.99e-7",
        "1e-7, 1e-7",
        "1.5e-7, 1.5e-7",
        "1.2345678901234567e-10, 1.2345678901234568e-10",
        "1e-300, 1e-300",
        "5e-324, 5e-324",
        "1e15, 1000000000000000",
        "9007199254740992, 9007199254740992",
        "123456789012345.67, 123456789012345.67",
        "1e20, 100000000000000000000",
        "9.999999999999999e20, 999999999999999900000",
        "1e21, 1e+21",
        "1.5e22, 1.5e+22",
        "1e100, 1e+100",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "-1e21, -1e+21",
        "3.141592653589793, 3.141592653589793",
        "21.345, 21.345",
    })
    void writes_like_go(double value, String expected) {
        assertThat(go(value)).isEqualTo(expected);
    }

    @Test
    void zero_is_0_and_negative_zero_is_minus_0() {
        assertThat(go(0.0)).isEqualTo("0");
        assertThat(go(-0.0)).isEqualTo("-0");
    }

    @Test
    void the_fast_paths_agree_with_the_general_path_and_read_back_exactly() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> Math.round(random.nextDouble(-1e6, 1e6) * 100) / 100.0; // two decimals
                case 1 -> random.nextDouble(-1000, 1000); // full precision
                case 2 -> Math.round(random.nextDouble(0, 1) * 1e6) / 1e6 * Math.pow(10, random.nextInt(-8, 16));
                default -> Double.longBitsToDouble(random.nextLong()); // any bit pattern
            };
            if (!Double.isFinite(v) || v == 0) {
                continue;
            }
            String text = go(v);
            assertThat(text).as("bits %x", Double.doubleToRawLongBits(v)).isEqualTo(slow(v));
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(v);
        }
    }
}
