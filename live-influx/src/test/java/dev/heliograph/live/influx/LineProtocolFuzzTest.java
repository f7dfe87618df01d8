package dev.heliograph.live.influx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.testing.fuzz.Deadline;
import dev.heliograph.live.testing.fuzz.Mutations;
import dev.heliograph.live.testing.fuzz.Outcome;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based fuzzing of the line protocol parser ({@link LineProtocolParser},
 * {@link LineScanner}), which reads the bodies Telegraf and other clients push over HTTP and
 * WebSocket. Tries per property: {@code jqwik.tries.default}.
 *
 * <p>Lines get up to 40 fields: more than 16 once threw {@link ArrayIndexOutOfBoundsException}
 * from {@code LinePoint} (its value arrays start at 16), which these properties found.
 */
@Label("The line protocol parser, fuzzed")
class LineProtocolFuzzTest {

    private static final Deadline DEADLINE = Deadline.of(Duration.ofSeconds(10));
    private static final LineProtocolParser STRICT = LineProtocolParser.strict();
    private static final LineProtocolParser LENIENT = LineProtocolParser.lenient();
    /** Characters names are made of: plain ones, those that need escapes, and multi-byte ones. */
    private static final String NAME_CHARS = "abcxyzABC019_-.:/ ,=\\\"'#\u00e9\u4e2d";
    private static final String[] TOKENS = {
        " ", ",", "=", "\\", "\"", "\n", "\r\n", "#", "i", "u", "e", "E", "-", ".", "t", "true", "FALSE", "1",
        "9223372036854775808i", "18446744073709551616u", "1e309", "\\ ", "\\,", "\\=", "\\\"", " 1616403090000000000",
        ",k=v", " f=1", ",f=1i", ",g=\"s\"", "\u00e9", "\ud83d\ude00"
    };

    // ---- valid input -----------------------------------------------------------------------

    @Property
    @Label("a generated body reads back as the points written, names unescaped, line numbers kept")
    void bodiesRoundTrip(@ForAll("bodies") Body body) {
        List<Point> parsed = STRICT.parseToList(body.bytes());

        assertThat(parsed).containsExactlyElementsOf(body.points());
        assertThat(LENIENT.parseToList(body.bytes())).isEqualTo(parsed);
    }

    @Property
    @Label("a decimal float reads as the double Double.parseDouble gives, or is refused when out of range")
    void floatsMatchTheJdk(@ForAll("decimals") String decimal) {
        double expected = Double.parseDouble(decimal);
        byte[] line = ("m f=" + decimal).getBytes(StandardCharsets.UTF_8);

        Outcome<List<Point>> o = DEADLINE.run(() -> STRICT.parseToList(line));

        if (Double.isInfinite(expected)) {
            assertThat(o.acceptedOr(LineProtocolException.class)).as("accepted %s", decimal).isNull();
            assertThat(o.thrown()).hasMessageContaining("out of the float64 range");
        } else {
            Object value = o.acceptedOr(LineProtocolException.class).get(0).fields().get(0).value();
            assertThat(Double.doubleToRawLongBits((Double) value)).as("%s read as %s", decimal, value)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }

    @Property
    @Label("integers and unsigned integers read exactly, or are refused as out of range")
    void integersAreExactOrRefused(@ForAll("wideIntegers") BigInteger n, @ForAll boolean unsigned) {
        Assume.that(!unsigned || n.signum() >= 0);
        String text = n + (unsigned ? "u" : "i");
        byte[] line = ("m f=" + text).getBytes(StandardCharsets.UTF_8);
        boolean fits = unsigned ? n.bitLength() <= 64 : n.bitLength() < 64;

        Outcome<List<Point>> o = DEADLINE.run(() -> STRICT.parseToList(line));

        if (fits) {
            Object value = o.acceptedOr(LineProtocolException.class).get(0).fields().get(0).value();
            assertThat(value).isEqualTo(unsigned ? n : (Object) n.longValueExact());
        } else {
            assertThat(o.acceptedOr(LineProtocolException.class)).as("accepted %s", text).isNull();
            assertThat(o.thrown()).hasMessageContaining("out of range");
        }
    }

    // ---- hostile input ---------------------------------------------------------------------

    @Property
    @Label("bodies with random edits are parsed within bounds or refused with a LineProtocolException")
    void mutatedBodies(@ForAll("mutatedBodies") byte[] body) {
        checkBothModes(body);
    }

    @Property
    @Label("raw bytes and runs of line protocol tokens are parsed within bounds or refused")
    void rawInput(@ForAll("rawInput") byte[] body) {
        checkBothModes(body);
    }

    /**
     * Strict mode refuses only with a LineProtocolException that points into the body; lenient
     * mode never throws, and keeps what strict mode keeps when strict mode accepts.
     */
    private static void checkBothModes(byte[] body) {
        int lines = 1;
        for (byte b : body) {
            lines += b == '\n' ? 1 : 0;
        }
        Outcome<Parsed> strict = DEADLINE.run(() -> Parsed.of(STRICT, body));
        Parsed s = strict.acceptedOr(LineProtocolException.class);
        if (s == null) {
            LineProtocolException e = (LineProtocolException) strict.thrown();
            assertThat(e.line()).isBetween(1, lines);
            assertThat(e.column()).isBetween(1, body.length + 1);
            assertThat(e.problem()).isNotBlank();
        } else {
            checkBounds(s, body, lines);
        }

        Outcome<Parsed> lenient = DEADLINE.run(() -> Parsed.of(LENIENT, body));
        Parsed l = lenient.returned(); // lenient mode throws nothing
        checkBounds(l, body, lines);
        assertThat(l.points().size() + l.report().errors().size()).isLessThanOrEqualTo(lines);
        for (LineProtocolException e : l.report().errors()) {
            assertThat(e.line()).isBetween(1, lines);
            assertThat(e.column()).isBetween(1, body.length + 1);
        }
        if (s != null) {
            assertThat(l.points()).isEqualTo(s.points());
            assertThat(l.report().errors()).isEmpty();
        }
        Statistics.label("strict").collect(s == null ? "refused" : "accepted");
    }

    private static void checkBounds(Parsed p, byte[] body, int lines) {
        assertThat(p.points()).hasSize(p.report().points()).hasSizeLessThanOrEqualTo(lines);
        for (Point point : p.points()) {
            assertThat(point.line()).isBetween(1, lines);
            assertThat(point.fields()).isNotEmpty().hasSizeLessThanOrEqualTo(body.length / 3);
            assertThat(point.tags()).hasSizeLessThanOrEqualTo(body.length / 4);
            assertThat(point.measurement()).isNotEmpty();
            assertThat(point.measurement().length()).isLessThanOrEqualTo(body.length);
        }
    }

    /** What one parse gave: the points (copied) and the report. */
    record Parsed(List<Point> points, ParseReport report) {
        static Parsed of(LineProtocolParser parser, byte[] body) {
            List<Point> points = new ArrayList<>();
            ParseReport report = parser.parse(body, p -> points.add(p.toPoint()));
            return new Parsed(points, report);
        }
    }

    // ---- generators ------------------------------------------------------------------------

    /** A body as written, and the points it holds. */
    record Body(byte[] bytes, List<Point> points, int maxFields) {
        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** One field as generated: the value the parser must give, and how it was written. */
    record GenField(FieldKind kind, Object value, String text) {}

    /** One line as generated, before it is written. */
    record GenLine(int measurement, List<Tuple.Tuple2<Integer, String>> tags, List<Tuple.Tuple2<Integer, GenField>> fields,
                   Long timestamp, String gap, String indent, boolean crlf, String comment) {}

    @Provide
    Arbitrary<Body> bodies() {
        Arbitrary<String> name = Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(1).ofMaxLength(8);
        // names come from small pools, so that lines repeat their measurement's names as Telegraf
        // does; lines pick them by index modulo the pool's size (no flatMap: at a quarter of a
        // million tries, jqwik's edge cases of a flat-mapped arbitrary filled the heap)
        return Combinators.combine(name.list().ofMinSize(1).ofMaxSize(3), name.list().ofMinSize(1).ofMaxSize(6),
                        line().list().ofMaxSize(6))
                .as(LineProtocolFuzzTest::write);
    }

    private static Arbitrary<GenLine> line() {
        Arbitrary<Integer> key = Arbitraries.integers().between(0, 59);
        Arbitrary<String> tagValue = Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(1).ofMaxLength(8);
        return Combinators.combine(
                        Arbitraries.integers().between(0, 59),
                        Combinators.combine(key, tagValue).as(Tuple::of).list().ofMaxSize(4),
                        // mostly a few fields, sometimes up to 40 (past the parser's initial 16)
                        Combinators.combine(key, fieldValue()).as(Tuple::of).list().ofMinSize(1).ofMaxSize(40)
                                .withSizeDistribution(RandomDistribution.biased()),
                        Arbitraries.longs().injectNull(0.4),
                        Arbitraries.of(" ", " ", "  "),
                        Arbitraries.of("", "", " "),
                        Arbitraries.of(false, false, true),
                        Arbitraries.of("", "", "", "# a comment, f=1", "   ", "  # x"))
                .as(GenLine::new);
    }

    private static Body write(List<String> measurements, List<String> keys, List<GenLine> lines) {
        StringBuilder sb = new StringBuilder();
        List<Point> points = new ArrayList<>();
        int maxFields = 0;
        int line = 1;
        for (GenLine g : lines) {
            if (!g.comment().isEmpty()) {
                sb.append(g.comment()).append('\n');
                line++;
            }
            String measurement = measurements.get(g.measurement() % measurements.size());
            if (measurement.startsWith("#")) {
                measurement = "m" + measurement; // a line starting with '#' is a comment
            }
            StringBuilder text = new StringBuilder(g.indent()).append(escape(measurement, false));
            Map<String, String> tags = new LinkedHashMap<>();
            for (Tuple.Tuple2<Integer, String> t : g.tags()) {
                String k = keys.get(t.get1() % keys.size());
                text.append(',').append(escape(k, true)).append('=').append(escape(t.get2(), true));
                tags.put(k, t.get2()); // a repeated key keeps its last value
            }
            text.append(g.gap());
            List<Point.Field> fields = new ArrayList<>();
            for (int i = 0; i < g.fields().size(); i++) {
                String k = keys.get(g.fields().get(i).get1() % keys.size());
                GenField f = g.fields().get(i).get2();
                text.append(i == 0 ? "" : ",").append(escape(k, true)).append('=').append(f.text());
                fields.add(new Point.Field(k, f.kind(), f.value()));
            }
            if (g.timestamp() != null) {
                text.append(g.gap()).append(g.timestamp());
            }
            text.append(g.indent()).append(g.crlf() ? "\r\n" : "\n");
            points.add(new Point(measurement, tags, fields,
                    g.timestamp() == null ? OptionalLong.empty() : OptionalLong.of(g.timestamp()), line));
            maxFields = Math.max(maxFields, fields.size());
            sb.append(text);
            line += (int) text.chars().filter(c -> c == '\n').count();
        }
        return new Body(sb.toString().getBytes(StandardCharsets.UTF_8), points, maxFields);
    }

    /** A name as the grammar wants it written: backslash, comma and space escaped, and '=' outside measurements. */
    private static String escape(String name, boolean equalsToo) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' || c == ',' || c == ' ' || (equalsToo && c == '=')) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static Arbitrary<GenField> fieldValue() {
        Arbitrary<GenField> floats = Combinators.combine(Arbitraries.doubles().filter(Double::isFinite),
                        Arbitraries.integers().between(0, 3))
                .as((d, style) -> {
                    String text = switch (style) {
                        case 0 -> Double.toString(d); // shortest, with an exponent past 10^7
                        case 1 -> BigDecimal.valueOf(d).toPlainString(); // no exponent, up to 309 digits
                        case 2 -> String.format(Locale.ROOT, "%.17e", d); // 18 significant digits
                        default -> new BigDecimal(d).toString(); // exact: hundreds of digits for tiny values
                    };
                    // the JDK's reading is the reference (BigDecimal drops the sign of -0.0)
                    return new GenField(FieldKind.FLOAT, Double.parseDouble(text), text);
                });
        Arbitrary<GenField> integers = Arbitraries.longs().map(n -> new GenField(FieldKind.INTEGER, n, n + "i"));
        Arbitrary<GenField> unsigned = Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TWO.pow(64).subtract(BigInteger.ONE))
                .map(n -> new GenField(FieldKind.UNSIGNED, n, n + "u"));
        Arbitrary<GenField> booleans = Arbitraries.of("t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE")
                .map(s -> new GenField(FieldKind.BOOLEAN, s.toLowerCase(Locale.ROOT).startsWith("t"), s));
        Arbitrary<GenField> strings = Arbitraries.strings().all().ofMaxLength(12).map(LineProtocolFuzzTest::withoutSurrogates)
                .map(s -> new GenField(FieldKind.STRING, s, "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return Arbitraries.oneOf(floats, integers, unsigned, booleans, strings);
    }

    private static String withoutSurrogates(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isSurrogate(c) ? '?' : c);
        }
        return sb.toString();
    }

    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMaxLength(30);
        Arbitrary<String> exponent = Combinators.combine(Arbitraries.of("e", "E"), Arbitraries.of("", "+", "-"),
                        Arbitraries.integers().between(0, 400))
                .as((e, sign, x) -> e + sign + x)
                .injectNull(0.5);
        return Combinators.combine(Arbitraries.of("", "-"), digits, Arbitraries.of(true, false), digits, exponent)
                .as((sign, intPart, dot, fraction, exp) -> sign + intPart + (dot ? "." + fraction : "") + (exp == null ? "" : exp))
                .filter(s -> s.matches("-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?"));
    }

    @Provide
    Arbitrary<BigInteger> wideIntegers() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().map(BigInteger::valueOf)),
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70))),
                Tuple.of(1, Arbitraries.integers().between(-3, 3).flatMap(d -> Arbitraries.of(
                        BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(d)),
                        BigInteger.valueOf(Long.MIN_VALUE).add(BigInteger.valueOf(d)),
                        BigInteger.TWO.pow(64).add(BigInteger.valueOf(d))))));
    }

    @Provide
    Arbitrary<byte[]> mutatedBodies() {
        return Mutations.of(bodies().map(Body::bytes), TOKENS);
    }

    @Provide
    Arbitrary<byte[]> rawInput() {
        return Arbitraries.oneOf(Mutations.rawBytes(256), Mutations.soup(512, TOKENS));
    }
}
