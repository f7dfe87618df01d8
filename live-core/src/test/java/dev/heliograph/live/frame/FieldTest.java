package dev.heliograph.live.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.json.RawJson;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Field")
class FieldTest {

    @Test
    void appended_values_read_back_by_row_and_the_arrays_grow() {
        Field f = Field.float64("v");
        for (int i = 0; i < 10_000; i++) {
            f.appendDouble(i * 0.5);
        }
        assertThat(f.size()).isEqualTo(10_000);
        assertThat(f.doubleAt(0)).isEqualTo(0.0);
        assertThat(f.doubleAt(9_999)).isEqualTo(4_999.5);
        assertThat(f.isNull(9_999)).isFalse();
    }

    @Test
    void the_null_bitmap_marks_exactly_the_null_rows_across_word_boundaries() {
        Field f = Field.int64("n", true);
        for (int i = 0; i < 200; i++) {
            if (i == 0 || i == 63 || i == 64 || i == 127 || i == 199) {
                f.appendNull();
            } else {
                f.appendLong(i);
            }
        }
        for (int i = 0; i < 200; i++) {
            boolean expectNull = i == 0 || i == 63 || i == 64 || i == 127 || i == 199;
            assertThat(f.isNull(i)).as("row %d", i).isEqualTo(expectNull);
            assertThat(f.valueAt(i)).isEqualTo(expectNull ? null : (Object) (long) i);
        }
    }

    @Test
    void time_values_keep_nanoseconds() {
        Instant t = Instant.parse("2026-11-22T10:15:30.123456789Z");
        Field f = Field.time("time").appendTime(t).appendTimeMillis(-1);
        assertThat(f.timeAt(0)).isEqualTo(t);
        assertThat(f.timeNanosAt(0)).isEqualTo(t.getEpochSecond() * 1_000_000_000L + 123_456_789);
        assertThat(f.timeAt(1)).isEqualTo(Instant.ofEpochMilli(-1));
    }

    @Test
    void appending_null_to_a_non_nullable_field_says_how_to_fix_it() {
        Field f = Field.float64("temp").appendDouble(1);
        assertThatThrownBy(f::appendNull)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("field 'temp' (FLOAT64) is not nullable")
                .hasMessageContaining("row 1")
                .hasMessageContaining("Field.float64(\"temp\", true)");
        assertThatThrownBy(() -> Field.string("s").appendString(null))
                .hasMessageContaining("field 's' (STRING) is not nullable");
    }

    @Test
    void appending_the_wrong_type_names_the_field_and_the_right_method() {
        Field f = Field.int64("count");
        assertThatThrownBy(() -> f.appendDouble(1.5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("appendDouble works on FLOAT64 fields, but field 'count' is INT64: use appendLong/longAt");
        assertThatThrownBy(() -> f.appendString("x")).hasMessageContaining("field 'count' is INT64");
        assertThatThrownBy(() -> Field.bool("b").appendBool(true).doubleAt(0))
                .hasMessageContaining("doubleAt works on FLOAT64 fields");
    }

    @Test
    void reading_outside_the_rows_names_the_row_and_the_size() {
        Field f = Field.bool("up").appendBool(true);
        assertThatThrownBy(() -> f.boolAt(1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("row 1 is outside field 'up', which has 1 rows");
    }

    @Test
    void labels_are_sorted_and_cannot_be_changed_from_outside() {
        Field f = Field.float64("v").labels(Map.of("b", "2", "a", "1", "c", "3"));
        assertThat(f.labels().keySet()).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> f.labels().put("d", "4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void labels_taken_from_another_field_are_shared_not_copied_and_stay_read_only() {
        Field source = Field.float64("a").labels(Map.of("host", "x", "cpu", "cpu0"));
        DataFrame.of(source.appendDouble(1));
        Field f = Field.float64("b").labelsFrom(source);
        assertThat(f.labels()).isSameAs(source.labels()).containsExactly(Map.entry("cpu", "cpu0"), Map.entry("host", "x"));
        assertThatThrownBy(() -> f.labels().put("d", "4")).isInstanceOf(UnsupportedOperationException.class);
        DataFrame.of(f.appendDouble(2));
        assertThatThrownBy(() -> f.labelsFrom(source)).hasMessageContaining("read-only");
    }

    @Test
    void a_field_is_read_only_once_its_frame_is_built() {
        Field f = Field.float64("v").appendDouble(1);
        DataFrame.of(f);
        assertThat(f.frozen()).isTrue();
        assertThatThrownBy(() -> f.appendDouble(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to a built DataFrame and is read-only");
        assertThatThrownBy(() -> f.labels(Map.of("a", "b"))).hasMessageContaining("read-only");
        assertThatThrownBy(() -> f.config(RawJson.EMPTY_OBJECT)).hasMessageContaining("read-only");
    }

    @Test
    void an_empty_copy_keeps_the_definition_and_drops_the_values() {
        Field f = Field.float64("v", true)
                .labels(Map.of("host", "a"))
                .config(RawJson.parse("{\"unit\":\"s\"}"))
                .appendDouble(1);
        DataFrame.of(f);
        Field copy = f.emptyCopy();
        assertThat(copy.size()).isZero();
        assertThat(copy.frozen()).isFalse();
        assertThat(copy.name()).isEqualTo("v");
        assertThat(copy.nullable()).isTrue();
        assertThat(copy.labels()).isEqualTo(Map.of("host", "a"));
        assertThat(copy.config()).hasToString("{\"unit\":\"s\"}");
    }

    @Test
    void field_types_know_their_json_names() {
        assertThat(FieldType.TIME.jsonType()).isEqualTo("time");
        assertThat(FieldType.INT64.jsonType()).isEqualTo("number");
        assertThat(FieldType.BOOL.frameType()).isEqualTo("bool");
        assertThat(FieldType.fromFrameType("time.Time")).isEqualTo(FieldType.TIME);
        assertThatThrownBy(() -> FieldType.fromFrameType("complex128"))
                .hasMessageContaining("unsupported field type \"complex128\"");
    }
}
