package dev.heliograph.live.influx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.frame.Field;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lines with more fields than the parser's first guess (16): the point grows, every value stays
 * in its place, and both frame formats carry every column. Telegraf's {@code mem} line has about
 * thirty fields, its {@code net} summary line about a hundred.
 */
@DisplayName("lines with many fields")
class ManyFieldsTest {
    private static final Clock FIXED = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final long T1 = 1_700_000_001_000_000_000L;
    private static final long T2 = 1_700_000_002_000_000_000L;

    static Stream<Arguments> kindsAndCounts() {
        List<Arguments> cases = new ArrayList<>();
        for (FieldKind kind : FieldKind.values()) {
            for (int count : new int[] {16, 17, 30, 100}) {
                cases.add(Arguments.of(kind, count));
            }
        }
        return cases.stream();
    }

    /** Two lines of {@code count} fields {@code f000...} of one kind; the second line's values differ. */
    private static byte[] body(FieldKind kind, int count) {
        StringBuilder sb = new StringBuilder();
        for (int line = 0; line < 2; line++) {
            sb.append("wide_line,host=h").append(line).append(' ');
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(key(i)).append('=').append(written(kind, line, i));
            }
            sb.append(' ').append(line == 0 ? T1 : T2).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String key(int i) {
        return String.format("f%03d", i);
    }

    private static String written(FieldKind kind, int line, int i) {
        long n = 1000L * line + i;
        return switch (kind) {
            case FLOAT -> n + ".5";
            case INTEGER -> "-" + n + "i";
            case UNSIGNED -> n + "u";
            case STRING -> "\"s" + n + "\"";
            case BOOLEAN -> (n % 3 == 0) ? "true" : "F";
        };
    }

    /** The value the parser must give for field {@code i} of {@code line}, as {@link Point.Field#value()}. */
    private static Object parsed(FieldKind kind, int line, int i) {
        long n = 1000L * line + i;
        return switch (kind) {
            case FLOAT -> n + 0.5;
            case INTEGER -> -n;
            case UNSIGNED -> BigInteger.valueOf(n);
            case STRING -> "s" + n;
            case BOOLEAN -> n % 3 == 0;
        };
    }

    /** The cell the frames must hold for field {@code i} of {@code line}, as {@link Field#valueAt(int)}. */
    private static Object cell(FieldKind kind, int line, int i) {
        Object v = parsed(kind, line, i);
        return switch (kind) {
            case INTEGER -> (double) (Long) v;
            case UNSIGNED -> ((BigInteger) v).doubleValue();
            default -> v;
        };
    }

    @ParameterizedTest(name = "{1} {0} fields")
    @MethodSource("kindsAndCounts")
    @DisplayName("the parser gives every field of a line, in order, with its kind and value")
    void parserKeepsEveryField(FieldKind kind, int count) {
        List<Point> points = LineProtocolParser.strict().parseToList(body(kind, count));

        assertThat(points).hasSize(2);
        for (int line = 0; line < 2; line++) {
            List<Point.Field> fields = points.get(line).fields();
            assertThat(fields).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(fields.get(i)).isEqualTo(new Point.Field(key(i), kind, parsed(kind, line, i)));
            }
        }
    }

    @ParameterizedTest(name = "{1} {0} fields")
    @MethodSource("kindsAndCounts")
    @DisplayName("labels_column makes one column per field, each holding both lines' values")
    void labelsColumnHasEveryColumn(FieldKind kind, int count) {
        List<DataFrame> frames = new LineProtocolConverter(FrameFormat.LABELS_COLUMN, FIXED).convert(body(kind, count));

        assertThat(frames).hasSize(1);
        DataFrame frame = frames.get(0);
        assertThat(frame.fields()).hasSize(2 + count);
        assertThat(frame.field(0).valueAt(1)).isEqualTo("host=h1");
        for (int i = 0; i < count; i++) {
            Field column = frame.field(2 + i);
            assertThat(column.name()).isEqualTo(key(i));
            assertThat(column.valueAt(0)).as(key(i)).isEqualTo(cell(kind, 0, i));
            assertThat(column.valueAt(1)).as(key(i)).isEqualTo(cell(kind, 1, i));
        }
    }

    @ParameterizedTest(name = "{1} {0} fields")
    @MethodSource("kindsAndCounts")
    @DisplayName("wide makes one column per field of each line, labelled with its tags")
    void wideHasEveryColumn(FieldKind kind, int count) {
        List<DataFrame> frames = new LineProtocolConverter(FrameFormat.WIDE, FIXED).convert(body(kind, count));

        assertThat(frames).hasSize(2);
        for (int line = 0; line < 2; line++) {
            DataFrame frame = frames.get(line);
            assertThat(frame.fields()).hasSize(1 + count);
            for (int i = 0; i < count; i++) {
                Field column = frame.field(1 + i);
                assertThat(column.name()).isEqualTo(key(i));
                assertThat(column.labels()).containsEntry("host", "h" + line);
                assertThat(column.valueAt(0)).as(key(i)).isEqualTo(cell(kind, line, i));
            }
        }
    }
}
