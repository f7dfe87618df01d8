package dev.heliograph.live.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.frame.FrameJson.Include;
import dev.heliograph.live.json.RawJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("FrameJson decoding")
class FrameJsonDecodeTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static DataFrame everyKind() {
        Field t = Field.time("time")
                .appendTimeNanos(1_700_000_000_000_000_000L)
                .appendTimeNanos(1_700_000_000_001_000_500L)
                .appendTimeNanos(1_700_000_000_002_000_000L);
        Field f = Field.float64("value")
                .labels(Map.of("host", "a", "dc", "eu"))
                .config(RawJson.parse("{\"unit\":\"celsius\"}"))
                .appendDouble(Double.NaN)
                .appendDouble(0.1)
                .appendDouble(Double.NEGATIVE_INFINITY);
        Field fn = Field.float64("maybe", true).appendNull().appendDouble(Double.POSITIVE_INFINITY).appendDouble(-3);
        Field i = Field.int64("count", true).appendLong(Long.MIN_VALUE).appendNull().appendLong(42);
        Field s = Field.string("msg", true).appendString("a\"\n\u0001é😀").appendNull().appendString("");
        Field b = Field.bool("up").appendBool(true).appendBool(false).appendBool(true);
        Field tn = Field.time("end", true).appendNull().appendTimeNanos(-1).appendTimeMillis(5);
        return DataFrame.builder()
                .name("every kind")
                .refId("A")
                .meta(RawJson.parse("{\"custom\":{\"x\":[1,2]}}"))
                .fields(java.util.List.of(t, f, fn, i, s, b, tn))
                .build();
    }

    @Nested
    @DisplayName("round trips")
    class RoundTrips {
        @Test
        void encode_decode_encode_gives_the_same_bytes_for_every_type_and_special_value() {
            byte[] first = FrameJson.encode(everyKind());
            DataFrame decoded = FrameJson.decode(first);
            assertThat(new String(FrameJson.encode(decoded), StandardCharsets.UTF_8))
                    .isEqualTo(new String(first, StandardCharsets.UTF_8));
        }

        @Test
        void decoded_values_are_the_original_values() {
            DataFrame d = FrameJson.decode(FrameJson.encode(everyKind()));
            assertThat(d.name()).isEqualTo("every kind");
            assertThat(d.refId()).isEqualTo("A");
            assertThat(d.meta()).hasToString("{\"custom\":{\"x\":[1,2]}}");
            assertThat(d.rowCount()).isEqualTo(3);
            assertThat(d.field(0).timeNanosAt(1)).isEqualTo(1_700_000_000_001_000_500L);
            Field value = d.field(1);
            assertThat(value.labels()).isEqualTo(Map.of("dc", "eu", "host", "a"));
            assertThat(value.config()).hasToString("{\"unit\":\"celsius\"}");
            assertThat(value.doubleAt(0)).isNaN();
            assertThat(value.doubleAt(1)).isEqualTo(0.1);
            assertThat(value.doubleAt(2)).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(d.field(2).isNull(0)).isTrue();
            assertThat(d.field(2).doubleAt(1)).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(d.field(3).longAt(0)).isEqualTo(Long.MIN_VALUE);
            assertThat(d.field(4).stringAt(0)).isEqualTo("a\"\n\u0001é😀");
            assertThat(d.field(4).stringAt(1)).isNull();
            assertThat(d.field(5).boolAt(1)).isFalse();
            assertThat(d.field(6).timeNanosAt(1)).isEqualTo(-1L);
        }

        @Test
        void a_schema_only_frame_decodes_to_zero_rows() {
            byte[] schema = FrameJson.encodeSchema(everyKind());
            DataFrame d = FrameJson.decode(schema);
            assertThat(d.rowCount()).isZero();
            assertThat(d.fields()).hasSize(7);
            assertThat(FrameJson.encodeSchema(d)).isEqualTo(schema);
        }

        @Test
        void data_only_json_decodes_with_the_schema_given() {
            DataFrame original = everyKind();
            DataFrame schema = FrameJson.decode(FrameJson.encodeSchema(original));
            DataFrame d = FrameJson.decode(FrameJson.encodeData(original), schema);
            assertThat(FrameJson.encode(d)).isEqualTo(FrameJson.encode(original));
        }

        @Test
        void keys_may_come_in_any_order() {
            String json = "{\"data\":{\"nanos\":[[5]],\"values\":[[1]]},"
                    + "\"schema\":{\"fields\":[{\"typeInfo\":{\"frame\":\"time.Time\"},\"name\":\"t\"}]}}";
            DataFrame d = FrameJson.decode(utf8(json));
            assertThat(d.field(0).timeNanosAt(0)).isEqualTo(1_000_005L);
        }

        @Test
        void a_field_with_only_the_panel_type_is_read() {
            String json = "{\"schema\":{\"fields\":[{\"name\":\"v\",\"type\":\"number\"}]},\"data\":{\"values\":[[1.5]]}}";
            DataFrame d = FrameJson.decode(utf8(json));
            assertThat(d.field(0).type()).isEqualTo(FieldType.FLOAT64);
        }

        @Test
        void narrower_go_types_are_read_as_int64_and_float64() {
            String json = "{\"schema\":{\"fields\":[{\"name\":\"a\",\"type\":\"number\",\"typeInfo\":{\"frame\":\"uint8\"}},"
                    + "{\"name\":\"b\",\"type\":\"number\",\"typeInfo\":{\"frame\":\"float32\",\"nullable\":true}}]},"
                    + "\"data\":{\"values\":[[255],[null]]}}";
            DataFrame d = FrameJson.decode(utf8(json));
            assertThat(d.field(0).longAt(0)).isEqualTo(255);
            assertThat(d.field(1).type()).isEqualTo(FieldType.FLOAT64);
            assertThat(d.field(1).isNull(0)).isTrue();
        }

        @Test
        void the_raw_json_form_decodes_too() {
            DataFrame d = FrameJson.decode(FrameJson.toRawJson(everyKind(), Include.ALL));
            assertThat(d.rowCount()).isEqualTo(3);
        }
    }

    @Nested
    @DisplayName("errors name the JSON path")
    class Errors {
        private void assertError(String json, String path, String messagePart) {
            ThrowingCallable decode = () -> FrameJson.decode(utf8(json));
            assertThatThrownBy(decode)
                    .isInstanceOf(FrameJsonException.class)
                    .hasMessageStartingWith("invalid frame JSON at " + path + ": ")
                    .hasMessageContaining(messagePart)
                    .satisfies(e -> assertThat(((FrameJsonException) e).path()).isEqualTo(path));
        }

        private static final String ONE_FLOAT = "{\"schema\":{\"fields\":[{\"name\":\"v\",\"type\":\"number\","
                + "\"typeInfo\":{\"frame\":\"float64\"}}]},";

        @ParameterizedTest(name = "at {1}: {2}")
        @CsvSource(delimiter = '|', value = {
            "''|$|the JSON is empty",
            "[]|$|expected an object like {\"schema\"",
            "{\"schema\":{\"fields\":[]},\"extra\":1}|$.extra|unexpected key \"extra\"",
            "{\"data\":{\"values\":[]}}|$|the frame has no \"schema\"",
            "{\"schema\":{\"fields\":{}}}|schema.fields|expected an array of field objects, found an object",
            "{\"schema\":{\"fields\":[{\"name\":\"x\"}]}}|schema.fields[0]|neither",
            "{\"schema\":{\"fields\":[{\"name\":\"x\",\"typeInfo\":{\"frame\":\"complex128\"}}]}}"
                    + "|schema.fields[0].typeInfo.frame|unsupported field type \"complex128\"",
            "{\"schema\":{\"fields\":[{\"name\":\"x\",\"type\":\"fancy\"}]}}|schema.fields[0].type|\"fancy\"",
            "{\"schema\":{\"fields\":[{\"name\":5,\"type\":\"number\"}]}}|schema.fields[0].name|expected a string, found 5",
            "{\"schema\":{\"meta\":[1],\"fields\":[]}}|schema.meta|expected a JSON object, found an array",
            "{\"schema\":{\"fields\":[{\"type\":\"string\",\"labels\":{\"a\":1}}]}}|schema.fields[0].labels.a"
                    + "|label values must be strings",
            "{\"schema\":{\"fields\":[{\"type\":\"string\",\"typeInfo\":{\"nullable\":\"yes\"}}]}}"
                    + "|schema.fields[0].typeInfo.nullable|expected true or false",
        })
        void in_the_schema(String json, String path, String message) {
            assertError(json, path, message);
        }

        @Test
        void a_value_of_the_wrong_type() {
            assertError(ONE_FLOAT + "\"data\":{\"values\":[[1,\"abc\"]]}}", "data.values[0][1]",
                    "field 'v' is float64, so expected a number or null, found the string \"abc\"");
        }

        @Test
        void a_null_in_a_non_nullable_field_without_an_entity() {
            assertError(ONE_FLOAT + "\"data\":{\"values\":[[1,null]]}}", "data.values[0][1]",
                    "not nullable and has no NaN/Inf entity for row 1");
        }

        @Test
        void a_null_in_a_non_nullable_string_field() {
            assertError("{\"schema\":{\"fields\":[{\"name\":\"s\",\"type\":\"string\"}]},\"data\":{\"values\":[[null]]}}",
                    "data.values[0][0]", "null in field 's', which is not nullable");
        }

        @Test
        void too_many_value_columns() {
            assertError(ONE_FLOAT + "\"data\":{\"values\":[[1],[2]]}}", "data.values[1]",
                    "more value columns than the 1 fields");
        }

        @Test
        void too_few_value_columns() {
            String two = "{\"schema\":{\"fields\":[{\"type\":\"number\"},{\"type\":\"number\"}]},";
            assertError(two + "\"data\":{\"values\":[[1]]}}", "data.values", "found 1 value columns but the schema has 2");
        }

        @Test
        void columns_of_different_lengths() {
            String two = "{\"schema\":{\"fields\":[{\"name\":\"a\",\"type\":\"number\"},{\"name\":\"b\",\"type\":\"number\"}]},";
            assertError(two + "\"data\":{\"values\":[[1,2],[3]]}}", "data.values[1]",
                    "field 'b' has 1 values but the fields before it have 2");
        }

        @Test
        void an_entity_row_past_the_end() {
            assertError(ONE_FLOAT + "\"data\":{\"values\":[[null]],\"entities\":[{\"NaN\":[3]}]}}",
                    "data.entities[0].NaN[0]", "row 3 is past the end of field 'v'");
        }

        @Test
        void an_unknown_entity() {
            assertError(ONE_FLOAT + "\"data\":{\"values\":[[null]],\"entities\":[{\"Huge\":[0]}]}}",
                    "data.entities[0].Huge", "expected NaN, Inf or NegInf");
        }

        @Test
        void nanos_out_of_range() {
            assertError("{\"schema\":{\"fields\":[{\"type\":\"time\"}]},\"data\":{\"values\":[[1]],\"nanos\":[[1000000]]}}",
                    "data.nanos[0][0]", "offset 1000000 is not between 0 and 999999");
        }

        @Test
        void an_integer_too_large_for_int64() {
            assertError("{\"schema\":{\"fields\":[{\"name\":\"n\",\"typeInfo\":{\"frame\":\"int64\"}}]},"
                    + "\"data\":{\"values\":[[18446744073709551615]]}}", "data.values[0][0]",
                    "18446744073709551615 does not fit a 64-bit integer");
        }

        @Test
        void an_unknown_data_key() {
            assertError(ONE_FLOAT + "\"data\":{\"rows\":[]}}", "data.rows", "unexpected key \"rows\"");
        }

        @Test
        void malformed_json_says_where() {
            assertError(ONE_FLOAT + "\"data\":{\"values\":[[1,]]}}", "data.values[0]", "malformed JSON");
        }

        @Test
        void trailing_content() {
            assertError("{\"schema\":{\"fields\":[]}} {}", "$", "unexpected content after the frame object");
        }
    }
}
