package dev.heliograph.live.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.testing.fuzz.Deadline;
import dev.heliograph.live.testing.fuzz.Json;
import dev.heliograph.live.testing.fuzz.Mutations;
import dev.heliograph.live.testing.fuzz.Outcome;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based fuzzing of frame JSON decoding ({@link FrameJson#decode}, {@link FrameReader}),
 * which reads what HTTP publishers and the frame cache hand in. Tries per property:
 * {@code jqwik.tries.default}.
 */
@Label("Frame JSON decoding, fuzzed")
class FrameJsonFuzzTest {

    private static final Deadline DEADLINE = Deadline.of(Duration.ofSeconds(10));
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final String[] TOKENS = {
        "{", "}", "[", "]", ":", ",", "\"", "null", "true", "-", "0", "1e999", "9223372036854775808",
        "-9223372036855", "999999", "1000000", "\"schema\":", "\"data\":", "\"fields\":", "\"values\":",
        "\"entities\":", "\"nanos\":", "\"NaN\":", "\"Inf\":", "\"NegInf\":", "\"typeInfo\":", "\"frame\":",
        "\"nullable\":", "\"time.Time\"", "\"float64\"", "\"int64\"", "\"uint8\"", "\"labels\":", "\"meta\":",
        "[null]", "[[]]", "{}", "\\u0000", "\\ud800"
    };

    // ---- valid input -----------------------------------------------------------------------

    @Property
    @Label("any frame decodes from its JSON to a frame that encodes to the same JSON")
    void fullFramesRoundTrip(@ForAll("frames") FrameSpec spec) {
        byte[] json = FrameJson.encode(spec.build());

        DataFrame decoded = FrameJson.decode(json);

        assertThat(decoded.rowCount()).isEqualTo(spec.fields().isEmpty() ? 0 : spec.rows());
        assertThat(decoded.fields()).hasSize(spec.fields().size());
        assertThat(utf8(FrameJson.encode(decoded))).isEqualTo(utf8(json));
    }

    @Property
    @Label("data-only JSON decodes with the schema given to the frame it came from")
    void dataOnlyRoundTrip(@ForAll("frames") FrameSpec spec) {
        DataFrame frame = spec.build();
        DataFrame schema = FrameJson.decode(FrameJson.encodeSchema(frame));

        DataFrame decoded = FrameJson.decode(FrameJson.encodeData(frame), schema);

        assertThat(utf8(FrameJson.encode(decoded))).isEqualTo(utf8(FrameJson.encode(frame)));
    }

    @Property
    @Label("a time of any milliseconds and nanosecond offset is read exactly, or refused when no long holds it")
    void timesAreExactOrRefused(@ForAll("millis") long millis, @ForAll @IntRange(min = 0, max = 999_999) int nanos) {
        byte[] json = ("{\"schema\":{\"fields\":[{\"name\":\"t\",\"type\":\"time\",\"typeInfo\":{\"frame\":\"time.Time\"}}]},"
                + "\"data\":{\"values\":[[" + millis + "]],\"nanos\":[[" + nanos + "]]}}").getBytes(StandardCharsets.UTF_8);
        BigInteger exact = BigInteger.valueOf(millis).multiply(BigInteger.valueOf(NANOS_PER_MILLI)).add(BigInteger.valueOf(nanos));
        boolean fits = exact.bitLength() < 64;

        DataFrame decoded = DEADLINE.run(() -> FrameJson.decode(json)).acceptedOr(FrameJsonException.class);

        if (fits) {
            assertThat(decoded).as("refused %s ns, which fits a long", exact).isNotNull();
            assertThat(decoded.field(0).timeNanosAt(0)).isEqualTo(exact.longValueExact());
        } else {
            assertThat(decoded).as("read %s ns, which no long holds, as %s", exact,
                    decoded == null ? null : decoded.field(0).timeNanosAt(0)).isNull();
        }
        Statistics.label("fits a long").collect(fits);
    }

    // what the properties above found, kept as examples

    @Example
    @Label("the lowest time a long holds, -9223372036854775808 ns, reads back from the JSON the writer makes")
    void lowestTimeRoundTrips() {
        DataFrame frame = DataFrame.of(Field.time("t").appendTimeNanos(Long.MIN_VALUE).appendTimeNanos(Long.MAX_VALUE));

        DataFrame decoded = FrameJson.decode(FrameJson.encode(frame));

        assertThat(decoded.field(0).timeNanosAt(0)).isEqualTo(Long.MIN_VALUE);
        assertThat(decoded.field(0).timeNanosAt(1)).isEqualTo(Long.MAX_VALUE);
    }

    @Example
    @Label("a nanosecond offset that takes a time past the largest long is refused, not wrapped to 1677")
    void offsetPastTheLargestTimeIsRefused() {
        byte[] json = ("{\"schema\":{\"fields\":[{\"name\":\"t\",\"typeInfo\":{\"frame\":\"time.Time\"}}]},"
                + "\"data\":{\"values\":[[9223372036854]],\"nanos\":[[775808]]}}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FrameJson.decode(json))
                .isInstanceOf(FrameJsonException.class)
                .hasMessageContaining("data.nanos[0][0]")
                .hasMessageContaining("offset 775808 ns takes the time of row 0 outside the years 1677-2262");
    }

    @Example
    @Label("the lowest millisecond without the offset that brings it into range is refused")
    void lowestMillisecondWithoutOffsetIsRefused() {
        byte[] json = ("{\"schema\":{\"fields\":[{\"name\":\"t\",\"typeInfo\":{\"frame\":\"time.Time\"}}]},"
                + "\"data\":{\"values\":[[-9223372036855]],\"nanos\":[[224191]]}}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FrameJson.decode(json))
                .isInstanceOf(FrameJsonException.class)
                .hasMessageContaining("data.nanos[0][0]");
    }

    @Example
    @Label("negative zero, which the writer spells -0, reads back as negative zero")
    void negativeZeroRoundTrips() {
        DataFrame frame = DataFrame.of(Field.float64("v").appendDouble(-0.0));

        DataFrame decoded = FrameJson.decode(FrameJson.encode(frame));

        assertThat(Double.doubleToRawLongBits(decoded.field(0).doubleAt(0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    // ---- hostile input ---------------------------------------------------------------------

    @Property
    @Label("frame JSON with random edits is decoded within bounds or refused with a FrameJsonException")
    void mutatedFrames(@ForAll("mutatedFrames") byte[] json) {
        checkBoundsOrRefusal(json, null);
    }

    @Property
    @Label("data-only JSON with random edits, decoded with a schema, is decoded within bounds or refused")
    void mutatedDataOnly(@ForAll("frames") FrameSpec spec, @ForAll("edits") Mutations.Mutation edits) {
        DataFrame frame = spec.build();
        DataFrame schema = FrameJson.decode(FrameJson.encodeSchema(frame));
        checkBoundsOrRefusal(edits.applyTo(FrameJson.encodeData(frame)), schema);
    }

    @Property
    @Label("raw bytes and runs of frame JSON tokens are decoded within bounds or refused")
    void rawInput(@ForAll("rawInput") byte[] json) {
        checkBoundsOrRefusal(json, null);
    }

    private static void checkBoundsOrRefusal(byte[] json, DataFrame schema) {
        Outcome<DataFrame> o = DEADLINE.run(() -> schema == null ? FrameJson.decode(json) : FrameJson.decode(json, schema));
        DataFrame decoded = o.acceptedOr(FrameJsonException.class);
        Statistics.label("outcome").collect(decoded == null ? "refused" : "accepted");
        if (decoded == null) {
            return;
        }
        if (schema == null) {
            assertThat((long) decoded.rowCount() * decoded.fields().size()).as("values").isLessThanOrEqualTo(json.length);
            assertThat(decoded.fields().size()).as("fields").isLessThanOrEqualTo(json.length);
        } else {
            assertThat(decoded.rowCount()).as("rows").isLessThanOrEqualTo(json.length);
        }
        // what was accepted is a frame: it encodes, and that encoding reads back to itself
        byte[] again = FrameJson.encode(decoded);
        assertThat(utf8(FrameJson.encode(FrameJson.decode(again)))).isEqualTo(utf8(again));
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---- generators ------------------------------------------------------------------------

    /** A column: its name, type, whether nullable, labels, config, and one value per row (null = null). */
    record FieldSpec(String name, FieldType type, boolean nullable, Map<String, String> labels, String config,
                     List<Object> values) {
        Field build() {
            Field f = Field.of(name, type, nullable).labels(labels).config(config == null ? null : RawJson.parse(config));
            for (Object v : values) {
                if (v == null) {
                    f.appendNull();
                    continue;
                }
                switch (type) {
                    case TIME -> f.appendTimeNanos((Long) v);
                    case FLOAT64 -> f.appendDouble((Double) v);
                    case INT64 -> f.appendLong((Long) v);
                    case STRING -> f.appendString((String) v);
                    case BOOL -> f.appendBool((Boolean) v);
                }
            }
            return f;
        }
    }

    /** A frame as generated: built fresh for each use, since a built frame freezes its fields. */
    record FrameSpec(String name, String refId, String meta, int rows, List<FieldSpec> fields) {
        DataFrame build() {
            List<Field> built = new ArrayList<>();
            for (FieldSpec f : fields) {
                built.add(f.build());
            }
            return DataFrame.builder().name(name).refId(refId).meta(meta == null ? null : RawJson.parse(meta))
                    .fields(built).build();
        }
    }

    @Provide
    Arbitrary<FrameSpec> frames() {
        Arbitrary<String> text = Arbitraries.oneOf(Json.anyString(12), Mutations.anyText(6));
        Arbitrary<String> jsonObject = Json.value(1).map(v -> "{\"v\":" + v + "}").injectNull(0.7);
        return Arbitraries.integers().between(0, 5).flatMap(rows -> Combinators.combine(text, text, jsonObject,
                        field(rows, text, jsonObject).list().ofMaxSize(4))
                .as((name, refId, meta, fields) -> new FrameSpec(name, refId, meta, rows, fields)));
    }

    private static Arbitrary<FieldSpec> field(int rows, Arbitrary<String> text, Arbitrary<String> jsonObject) {
        // label keys without lone surrogates: the encoder writes each as U+FFFD (documented), which
        // can merge two keys or change their order, so such labels cannot round-trip
        Arbitrary<Map<String, String>> labels = Arbitraries.maps(Json.anyString(8), text).ofMaxSize(2);
        return Combinators.combine(Arbitraries.of(FieldType.class), Arbitraries.of(true, false))
                .flatAs((type, nullable) -> Combinators.combine(text, labels, jsonObject,
                                values(type, nullable).list().ofSize(rows))
                        .as((name, l, config, values) -> new FieldSpec(name, type, nullable, l, config, values)));
    }

    private static Arbitrary<Object> values(FieldType type, boolean nullable) {
        Arbitrary<Object> v = switch (type) {
            case TIME -> Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs()),
                    Tuple.of(1, Arbitraries.longs().between(1_600_000_000_000_000_000L, 1_800_000_000_000_000_000L)))
                    .map(Long.class::cast);
            case INT64 -> Arbitraries.longs().map(Long.class::cast);
            case FLOAT64 -> Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.doubles()),
                    Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
                            Double.MIN_VALUE, Double.MAX_VALUE, 0.1, 1e21, 1e-7)))
                    .map(Double.class::cast);
            case STRING -> Arbitraries.oneOf(Json.anyString(16), Mutations.anyText(8)).map(String.class::cast);
            case BOOL -> Arbitraries.of(true, false).map(Boolean.class::cast);
        };
        return nullable ? v.injectNull(0.2) : v;
    }

    @Provide
    Arbitrary<Long> millis() {
        long maxMillis = Long.MAX_VALUE / NANOS_PER_MILLI;
        long minMillis = Math.floorDiv(Long.MIN_VALUE, NANOS_PER_MILLI);
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.longs()),
                Tuple.of(1, Arbitraries.longs().between(-3, 3).map(d -> maxMillis + d)),
                Tuple.of(1, Arbitraries.longs().between(-3, 3).map(d -> minMillis + d)));
    }

    @Provide
    Arbitrary<byte[]> mutatedFrames() {
        return Mutations.of(frames().map(spec -> FrameJson.encode(spec.build())), TOKENS);
    }

    @Provide
    Arbitrary<Mutations.Mutation> edits() {
        return Mutations.mutation(TOKENS);
    }

    @Provide
    Arbitrary<byte[]> rawInput() {
        return Arbitraries.oneOf(Mutations.rawBytes(256), Mutations.soup(512, TOKENS));
    }
}
