package dev.heliograph.live.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.frame.FrameJson.Include;
import dev.heliograph.live.json.RawJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The encoder against hand-written JSON in the plugin SDK's exact layout (key order, omissions,
 * number formats), one case per field type, nullable form and special case.
 */
@DisplayName("FrameJson encoding")
class FrameJsonEncodeTest {

    static String full(DataFrame frame) {
        return new String(FrameJson.encode(frame), StandardCharsets.UTF_8);
    }

    static String data(DataFrame frame) {
        return new String(FrameJson.encodeData(frame), StandardCharsets.UTF_8);
    }

    static String schema(DataFrame frame) {
        return new String(FrameJson.encodeSchema(frame), StandardCharsets.UTF_8);
    }

    @Nested
    @DisplayName("each field type")
    class FieldTypes {
        @Test
        void time_fields_are_written_as_epoch_milliseconds() {
            Field t = Field.time("time").appendTimeMillis(1_700_000_000_000L).appendTimeMillis(1_700_000_001_000L);
            assertThat(full(DataFrame.of(t)))
                    .isEqualTo("{\"schema\":{\"fields\":[{\"name\":\"time\",\"type\":\"time\",\"typeInfo\":{\"frame\":"
                            + "\"time.Time\"}}]},\"data\":{\"values\":[[1700000000000,1700000001000]]}}");
        }

        @Test
        void nullable_time_fields_say_nullable_and_write_null() {
            Field t = Field.time("t", true).appendTimeMillis(5).appendNull();
            assertThat(full(DataFrame.of(t)))
                    .isEqualTo("{\"schema\":{\"fields\":[{\"name\":\"t\",\"type\":\"time\",\"typeInfo\":{\"frame\":"
                            + "\"time.Time\",\"nullable\":true}}]},\"data\":{\"values\":[[5,null]]}}");
        }

        @Test
        void float64_fields_are_numbers_in_go_notation() {
            Field v = Field.float64("v").appendDouble(1).appendDouble(0.5).appendDouble(-2.25).appendDouble(1e21);
            assertThat(full(DataFrame.of(v)))
                    .isEqualTo("{\"schema\":{\"fields\":[{\"name\":\"v\",\"type\":\"number\",\"typeInfo\":{\"frame\":"
                            + "\"float64\"}}]},\"data\":{\"values\":[[1,0.5,-2.25,1e+21]]}}");
        }

        @Test
        void nullable_float64_fields_write_null() {
            Field v = Field.float64("v", true).appendNull().appendDouble(3.5);
            assertThat(full(DataFrame.of(v)))
                    .isEqualTo("{\"schema\":{\"fields\":[{\"name\":\"v\",\"type\":\"number\",\"typeInfo\":{\"frame\":"
                            + "\"float64\",\"nullable\":true}}]},\"data\":{\"values\":[[null,3.5]]}}");
        }

        @Test
        void int64_fields_are_numbers_with_every_digit() {
            Field v = Field.int64("n").appendLong(Long.MAX_VALUE).appendLong(Long.MIN_VALUE).appendLong(0);
            assertThat(full(DataFrame.of(v)))
                    .isEqualTo("{\"schema\":{\"fields\":[{\"name\":\"n\",\"type\":\"number\",\"typeInfo\":{\"frame\":"
                            + "\"int64\"}}]},\"data\":{\"values\":[[9223372036854775807,-9223372036854775808,0]]}}");
        }

        @Test
        void nullable_int64_fields_write_null() {
            Field v = Field.int64("n", true).appendLong(-7).appendNull();
            assertThat(data(DataFrame.of(v))).isEqualTo("{\"data\":{\"values\":[[-7,null]]}}");
            assertThat(schema(DataFrame.of(Field.int64("n", true))))
                    .isEqualTo("{\"schema\":{\"fields\":[{\"name\":\"n\",\"type\":\"number\",\"typeInfo\":{\"frame\":"
                            + "\"int64\",\"nullable\":true}}]}}");
        }

        @Test
        void string_fields_escape_like_the_sdk_stream() {
            Field s = Field.string("s")
                    .appendString("plain")
                    .appendString("q\"b\\s/n\nr\rt\tbell\u0007bs\bff\f")
                    .appendString("<html>&amp;\u2028é€😀");
            assertThat(full(DataFrame.of(s)))
                    .isEqualTo("{\"schema\":{\"fields\":[{\"name\":\"s\",\"type\":\"string\",\"typeInfo\":{\"frame\":"
                            + "\"string\"}}]},\"data\":{\"values\":[[\"plain\","
                            + "\"q\\\"b\\\\s/n\\nr\\rt\\tbell\\u0007bs\\u0008ff\\u000c\","
                            + "\"<html>&amp;\u2028é€😀\"]]}}");
        }

        @Test
        void a_lone_surrogate_is_written_as_the_replacement_character() {
            Field s = Field.string("s").appendString("a\ud800b");
            assertThat(data(DataFrame.of(s))).isEqualTo("{\"data\":{\"values\":[[\"a\ufffdb\"]]}}");
        }

        @Test
        void nullable_string_fields_write_null() {
            Field s = Field.string("s", true).appendString(null).appendString("x");
            assertThat(full(DataFrame.of(s)))
                    .isEqualTo("{\"schema\":{\"fields\":[{\"name\":\"s\",\"type\":\"string\",\"typeInfo\":{\"frame\":"
                            + "\"string\",\"nullable\":true}}]},\"data\":{\"values\":[[null,\"x\"]]}}");
        }

        @Test
        void bool_fields_are_booleans() {
            Field b = Field.bool("up").appendBool(true).appendBool(false);
            assertThat(full(DataFrame.of(b)))
                    .isEqualTo("{\"schema\":{\"fields\":[{\"name\":\"up\",\"type\":\"boolean\",\"typeInfo\":{\"frame\":"
                            + "\"bool\"}}]},\"data\":{\"values\":[[true,false]]}}");
        }

        @Test
        void nullable_bool_fields_write_null() {
            Field b = Field.bool("up", true).appendNull().appendBool(true);
            assertThat(full(DataFrame.of(b)))
                    .isEqualTo("{\"schema\":{\"fields\":[{\"name\":\"up\",\"type\":\"boolean\",\"typeInfo\":{\"frame\":"
                            + "\"bool\",\"nullable\":true}}]},\"data\":{\"values\":[[null,true]]}}");
        }
    }

    @Nested
    @DisplayName("NaN and infinities")
    class Entities {
        @Test
        void are_written_as_null_and_listed_per_field_in_entities() {
            Field t = Field.time("time").appendTimeMillis(1).appendTimeMillis(2).appendTimeMillis(3).appendTimeMillis(4);
            Field v = Field.float64("v")
                    .appendDouble(Double.NaN)
                    .appendDouble(Double.POSITIVE_INFINITY)
                    .appendDouble(Double.NEGATIVE_INFINITY)
                    .appendDouble(Double.NaN);
            assertThat(data(DataFrame.of(t, v)))
                    .isEqualTo("{\"data\":{\"values\":[[1,2,3,4],[null,null,null,null]],"
                            + "\"entities\":[null,{\"NaN\":[0,3],\"Inf\":[1],\"NegInf\":[2]}]}}");
        }

        @Test
        void list_only_the_kinds_present() {
            Field a = Field.float64("a").appendDouble(1).appendDouble(Double.NEGATIVE_INFINITY);
            Field b = Field.float64("b").appendDouble(2).appendDouble(3);
            Field c = Field.float64("c", true).appendNull().appendDouble(Double.POSITIVE_INFINITY);
            assertThat(data(DataFrame.of(a, b, c)))
                    .isEqualTo("{\"data\":{\"values\":[[1,null],[2,3],[null,null]],"
                            + "\"entities\":[{\"NegInf\":[1]},null,{\"Inf\":[1]}]}}");
        }

        @Test
        void are_absent_when_every_value_is_finite() {
            Field v = Field.float64("v", true).appendDouble(1.5).appendNull();
            assertThat(data(DataFrame.of(v))).isEqualTo("{\"data\":{\"values\":[[1.5,null]]}}");
        }
    }

    @Nested
    @DisplayName("sub-millisecond times")
    class Nanos {
        @Test
        void are_written_in_nanos_per_time_field_with_null_for_other_fields() {
            Field t = Field.time("time")
                    .appendTimeNanos(1_000_000_000L)
                    .appendTimeNanos(1_001_000_001L)
                    .appendTimeNanos(1_002_999_999L);
            Field v = Field.float64("v").appendDouble(1).appendDouble(2).appendDouble(3);
            assertThat(data(DataFrame.of(v, t)))
                    .isEqualTo("{\"data\":{\"values\":[[1,2,3],[1000,1001,1002]],\"nanos\":[null,[0,1,999999]]}}");
        }

        @Test
        void floor_to_the_millisecond_before_the_epoch() {
            Field t = Field.time("time").appendTimeNanos(-1L).appendTimeNanos(-1_000_000L);
            assertThat(data(DataFrame.of(t)))
                    .isEqualTo("{\"data\":{\"values\":[[-1,-1]],\"nanos\":[[999999,0]]}}");
        }

        @Test
        void write_zero_for_null_times() {
            Field t = Field.time("time", true).appendNull().appendTimeNanos(5_000_123L);
            assertThat(data(DataFrame.of(t))).isEqualTo("{\"data\":{\"values\":[[null,5]],\"nanos\":[[0,123]]}}");
        }

        @Test
        void come_after_entities() {
            Field t = Field.time("time").appendTimeNanos(7);
            Field v = Field.float64("v").appendDouble(Double.NaN);
            assertThat(data(DataFrame.of(t, v)))
                    .isEqualTo("{\"data\":{\"values\":[[0],[null]],\"entities\":[null,{\"NaN\":[0]}],"
                            + "\"nanos\":[[7],null]}}");
        }
    }

    @Nested
    @DisplayName("the schema")
    class Schema {
        @Test
        void writes_name_refId_and_meta_in_that_order_before_fields() {
            DataFrame frame = DataFrame.builder()
                    .name("cpu")
                    .refId("A")
                    .meta(RawJson.parse("{\"executedQueryString\":\"x\"}"))
                    .field(Field.float64("v"))
                    .build();
            assertThat(schema(frame))
                    .isEqualTo("{\"schema\":{\"name\":\"cpu\",\"refId\":\"A\",\"meta\":{\"executedQueryString\":\"x\"},"
                            + "\"fields\":[{\"name\":\"v\",\"type\":\"number\",\"typeInfo\":{\"frame\":\"float64\"}}]}}");
        }

        @Test
        void omits_an_empty_name_and_refId_and_an_absent_meta() {
            DataFrame frame = DataFrame.builder().refId("B").field(Field.bool("")).build();
            assertThat(schema(frame))
                    .isEqualTo("{\"schema\":{\"refId\":\"B\",\"fields\":[{\"type\":\"boolean\",\"typeInfo\":{\"frame\":"
                            + "\"bool\"}}]}}");
        }

        @Test
        void writes_labels_sorted_by_key_then_config() {
            Field v = Field.float64("value")
                    .labels(Map.of("zone", "eu", "host", "a\"1"))
                    .config(RawJson.parse("{\"unit\":\"celsius\",\"decimals\":2}"));
            assertThat(schema(DataFrame.of(v)))
                    .isEqualTo("{\"schema\":{\"fields\":[{\"name\":\"value\",\"type\":\"number\",\"typeInfo\":{\"frame\":"
                            + "\"float64\"},\"labels\":{\"host\":\"a\\\"1\",\"zone\":\"eu\"},"
                            + "\"config\":{\"unit\":\"celsius\",\"decimals\":2}}]}}");
        }

        @Test
        void omits_empty_labels() {
            Field v = Field.float64("value").labels(Map.of());
            assertThat(schema(DataFrame.of(v))).doesNotContain("labels");
        }

        @Test
        void does_not_depend_on_the_rows() {
            Field a = Field.float64("v").appendDouble(1);
            Field b = Field.float64("v").appendDouble(2).appendDouble(3);
            assertThat(FrameJson.encodeSchema(DataFrame.of(a))).isEqualTo(FrameJson.encodeSchema(DataFrame.of(b)));
        }
    }

    @Nested
    @DisplayName("frame shapes")
    class Shapes {
        @Test
        void an_empty_frame_has_no_fields_and_no_values() {
            DataFrame empty = DataFrame.builder().build();
            assertThat(full(empty)).isEqualTo("{\"schema\":{\"fields\":[]},\"data\":{\"values\":[]}}");
        }

        @Test
        void a_frame_with_zero_rows_has_one_empty_array_per_field() {
            DataFrame frame = DataFrame.of(Field.time("time"), Field.float64("v", true));
            assertThat(data(frame)).isEqualTo("{\"data\":{\"values\":[[],[]]}}");
        }

        @Test
        void full_is_schema_then_data_and_the_parts_match_the_separate_encodings() {
            Field t = Field.time("time").appendTimeMillis(10);
            Field v = Field.float64("v", true).appendDouble(0.25);
            DataFrame frame = DataFrame.builder().name("n").field(t).field(v).build();
            String s = schema(frame);
            String d = data(frame);
            String expected = "{" + s.substring(1, s.length() - 1) + "," + d.substring(1, d.length() - 1) + "}";
            assertThat(full(frame)).isEqualTo(expected);
            assertThat(full(frame))
                    .isEqualTo("{\"schema\":{\"name\":\"n\",\"fields\":[{\"name\":\"time\",\"type\":\"time\","
                            + "\"typeInfo\":{\"frame\":\"time.Time\"}},{\"name\":\"v\",\"type\":\"number\","
                            + "\"typeInfo\":{\"frame\":\"float64\",\"nullable\":true}}]},"
                            + "\"data\":{\"values\":[[10],[0.25]]}}");
        }

        @Test
        void toRawJson_wraps_the_same_bytes() {
            DataFrame frame = DataFrame.of(Field.int64("n").appendLong(1));
            assertThat(FrameJson.toRawJson(frame, Include.DATA_ONLY).toString())
                    .isEqualTo("{\"data\":{\"values\":[[1]]}}");
        }

        @Test
        void a_large_frame_grows_the_buffer_and_stays_valid_json() {
            Field t = Field.time("time");
            Field s = Field.string("s");
            for (int i = 0; i < 5_000; i++) {
                t.appendTimeMillis(i);
                s.appendString("value number " + i + " ünïcödé");
            }
            byte[] json = FrameJson.encode(DataFrame.of(t, s));
            RawJson.parse(json); // throws if not exactly one valid JSON value
            assertThat(new String(json, StandardCharsets.UTF_8)).endsWith("\"value number 4999 ünïcödé\"]]}}");
        }
    }

    @Test
    @DisplayName("fields of different lengths are refused, naming the field and both lengths")
    void mismatched_lengths_are_refused() {
        Field a = Field.float64("a").appendDouble(1);
        Field b = Field.float64("b");
        assertThatThrownBy(() -> DataFrame.of(a, b))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("field 'b' (column 1) has 0 rows but field 'a' (column 0) has 1");
    }
}
