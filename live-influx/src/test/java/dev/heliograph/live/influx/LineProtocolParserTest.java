package dev.heliograph.live.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven tests of the line protocol parser. Each accepted body is rendered one point per
 * line as {@code measurement|tag=value,...|key:KIND=value,...|timestamp} (timestamp {@code -}
 * when absent); each rejected body names the line, the column and a part of the message.
 */
class LineProtocolParserTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
            // shape
            arguments("a measurement and one field", "cpu value=1",
                "cpu||value:FLOAT=1.0|-"),
            arguments("tags, fields and a timestamp", "cpu,host=a,region=eu usage=0.5,n=3i 1616403090000000000",
                "cpu|host=a,region=eu|usage:FLOAT=0.5,n:INTEGER=3|1616403090000000000"),
            arguments("tags keep their input order", "m,z=1,a=2 f=1",
                "m|z=1,a=2|f:FLOAT=1.0|-"),
            arguments("fields keep their input order and duplicates", "m b=1,a=2,b=3",
                "m||b:FLOAT=1.0,a:FLOAT=2.0,b:FLOAT=3.0|-"),
            arguments("a negative timestamp", "m f=1 -1000", "m||f:FLOAT=1.0|-1000"),
            arguments("a zero timestamp", "m f=1 0", "m||f:FLOAT=1.0|0"),
            arguments("the smallest timestamp", "m f=1 -9223372036854775808",
                "m||f:FLOAT=1.0|-9223372036854775808"),
            arguments("the largest timestamp", "m f=1 9223372036854775807",
                "m||f:FLOAT=1.0|9223372036854775807"),
            // floats
            arguments("a float without a fraction", "m f=42", "m||f:FLOAT=42.0|-"),
            arguments("a negative float", "m f=-1.5", "m||f:FLOAT=-1.5|-"),
            arguments("a float with a trailing dot", "m f=1.", "m||f:FLOAT=1.0|-"),
            arguments("a float with a leading dot", "m f=.5", "m||f:FLOAT=0.5|-"),
            arguments("a negative float with a leading dot", "m f=-.25", "m||f:FLOAT=-0.25|-"),
            arguments("a lowercase exponent", "m f=1e3", "m||f:FLOAT=1000.0|-"),
            arguments("an uppercase exponent with a sign", "m f=1.5E+3", "m||f:FLOAT=1500.0|-"),
            arguments("a negative exponent", "m f=-1.234456e-78", "m||f:FLOAT=-1.234456E-78|-"),
            arguments("a large exponent", "m f=-1.234456e+78", "m||f:FLOAT=-1.234456E78|-"),
            arguments("seventeen significant digits", "m f=12.000000000033651",
                "m||f:FLOAT=12.000000000033651|-"),
            arguments("more than eighteen digits", "m f=123456789012345678901234.5",
                "m||f:FLOAT=1.2345678901234569E23|-"),
            arguments("negative zero", "m f=-0.0", "m||f:FLOAT=-0.0|-"),
            arguments("leading zeros", "m f=007.50", "m||f:FLOAT=7.5|-"),
            arguments("the smallest subnormal", "m f=4.9e-324", "m||f:FLOAT=4.9E-324|-"),
            // integers
            arguments("an integer", "m f=42i", "m||f:INTEGER=42|-"),
            arguments("a negative integer", "m f=-12485903i", "m||f:INTEGER=-12485903|-"),
            arguments("the smallest integer", "m f=-9223372036854775808i",
                "m||f:INTEGER=-9223372036854775808|-"),
            arguments("the largest integer", "m f=9223372036854775807i",
                "m||f:INTEGER=9223372036854775807|-"),
            arguments("an unsigned integer", "m f=42u", "m||f:UNSIGNED=42|-"),
            arguments("the largest unsigned integer", "m f=18446744073709551615u",
                "m||f:UNSIGNED=18446744073709551615|-"),
            // booleans
            arguments("booleans in every true spelling", "m a=t,b=T,c=true,d=True,e=TRUE",
                "m||a:BOOLEAN=true,b:BOOLEAN=true,c:BOOLEAN=true,d:BOOLEAN=true,e:BOOLEAN=true|-"),
            arguments("booleans in every false spelling", "m a=f,b=F,c=false,d=False,e=FALSE",
                "m||a:BOOLEAN=false,b:BOOLEAN=false,c:BOOLEAN=false,d:BOOLEAN=false,e:BOOLEAN=false|-"),
            // strings
            arguments("a string", "m s=\"hello world\"", "m||s:STRING=\"hello world\"|-"),
            arguments("an empty string", "m s=\"\"", "m||s:STRING=\"\"|-"),
            arguments("an escaped double quote in a string", "m s=\"say \\\"hi\\\"\"",
                "m||s:STRING=\"say \"hi\"\"|-"),
            arguments("an escaped backslash in a string", "m s=\"C:\\\\temp\"",
                "m||s:STRING=\"C:\\temp\"|-"),
            arguments("a backslash before another character stays in a string", "m s=\"a\\nb\"",
                "m||s:STRING=\"a\\nb\"|-"),
            arguments("commas, spaces and equals signs in a string", "m s=\"a, b = c\",n=1",
                "m||s:STRING=\"a, b = c\",n:FLOAT=1.0|-"),
            arguments("a string spanning two lines", "m s=\"one\ntwo\" 5\nm f=1",
                "m||s:STRING=\"one\ntwo\"|5\nm||f:FLOAT=1.0|-"),
            arguments("a string that looks like a number", "m s=\"1.5\"", "m||s:STRING=\"1.5\"|-"),
            arguments("the string NaN stays a string in the parser", "m s=\"NaN\"", "m||s:STRING=\"NaN\"|-"),
            arguments("UTF-8 in names and strings", "m\u00e9,tag=\ud83c\udf6d f=\"Launch \ud83d\ude80\"",
                "m\u00e9|tag=\ud83c\udf6d|f:STRING=\"Launch \ud83d\ude80\"|-"),
            // escaping in names
            arguments("an escaped space in the measurement", "my\\ measurement f=1",
                "my measurement||f:FLOAT=1.0|-"),
            arguments("an escaped comma in the measurement", "a\\,b f=1", "a,b||f:FLOAT=1.0|-"),
            arguments("an equals sign in the measurement needs no escape", "a=b f=1", "a=b||f:FLOAT=1.0|-"),
            arguments("a backslash-equals stays in the measurement", "a\\=b f=1", "a\\=b||f:FLOAT=1.0|-"),
            arguments("escaped space, comma and equals in a tag key", "m,a\\ b\\,c\\=d=v f=1",
                "m|a b,c=d=v|f:FLOAT=1.0|-"),
            arguments("escaped space, comma and equals in a tag value", "m,k=a\\ b\\,c\\=d f=1",
                "m|k=a b,c=d|f:FLOAT=1.0|-"),
            arguments("escaped space, comma and equals in a field key", "m a\\ b\\,c\\=d=1",
                "m||a b,c=d:FLOAT=1.0|-"),
            arguments("two backslashes are one", "a\\\\b,k=x\\\\y f\\\\g=1", "a\\b|k=x\\y|f\\g:FLOAT=1.0|-"),
            arguments("a lone backslash is kept", "a\\b,k=x\\y f\\g=1", "a\\b|k=x\\y|f\\g:FLOAT=1.0|-"),
            arguments("three backslashes are two", "a\\\\\\b f=1", "a\\\\b||f:FLOAT=1.0|-"),
            arguments("quotes in names are part of the name", "\"m\",'k'=\"v\" 'f'=1",
                "\"m\"|'k'=\"v\"|'f':FLOAT=1.0|-"),
            arguments("a hash inside a line is not a comment", "m,k=#1 f=1", "m|k=#1|f:FLOAT=1.0|-"),
            // lines and whitespace
            arguments("several lines", "a f=1\nb f=2\nc f=3",
                "a||f:FLOAT=1.0|-\nb||f:FLOAT=2.0|-\nc||f:FLOAT=3.0|-"),
            arguments("CRLF line ends", "a f=1 1\r\nb f=2\r\n", "a||f:FLOAT=1.0|1\nb||f:FLOAT=2.0|-"),
            arguments("a CRLF right after a string", "a s=\"x\"\r\nb f=2", "a||s:STRING=\"x\"|-\nb||f:FLOAT=2.0|-"),
            arguments("blank lines and lines of spaces", "\n\na f=1\n   \n\r\nb f=2\n\n",
                "a||f:FLOAT=1.0|-\nb||f:FLOAT=2.0|-"),
            arguments("comment lines", "# a comment\na f=1\n  # an indented comment, f=2\nb f=2",
                "a||f:FLOAT=1.0|-\nb||f:FLOAT=2.0|-"),
            arguments("leading and trailing spaces", "   a f=1 5   \nb f=2   ", "a||f:FLOAT=1.0|5\nb||f:FLOAT=2.0|-"),
            arguments("several spaces between the parts", "a,k=v    f=1     5", "a|k=v|f:FLOAT=1.0|5"),
            arguments("no newline at the end", "a f=1", "a||f:FLOAT=1.0|-"),
            arguments("an empty body", "", ""),
            arguments("only comments", "# one\n# two\n", ""),
            arguments("a typical Telegraf line",
                "mem,host=db-01 active=5168381952i,available_percent=57.28,buffered=1141792768i,swap_free=0i 1616403090000000000",
                "mem|host=db-01|active:INTEGER=5168381952,available_percent:FLOAT=57.28,buffered:INTEGER=1141792768,swap_free:INTEGER=0|1616403090000000000")
        );
    }

    @ParameterizedTest(name = "accepts {0}")
    @MethodSource("accepted")
    void acceptsValidLineProtocol(String description, String body, String expected) {
        assertThat(render(LineProtocolParser.strict(), body)).isEqualTo(expected);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
            arguments("a line starting with a comma", ",k=v f=1", 1, 1, "expected a measurement name, found ','"),
            arguments("a measurement alone", "cpu", 1, 4,
                "expected a space and the field set after measurement \"cpu\", found end of input"),
            arguments("a measurement and a space only", "cpu \nnext f=1", 1, 5,
                "expected the field set (key=value, ...), found end of line"),
            arguments("tags without fields", "cpu,host=a", 1, 11,
                "expected a space and the field set after the tag set, found end of input"),
            arguments("an empty tag key", "cpu,=a f=1", 1, 5, "expected a tag key after ',', found '='"),
            arguments("a tag key without '='", "cpu,host f=1", 1, 9,
                "expected '=' after tag key \"host\", found ' '"),
            arguments("an empty tag value", "cpu,host= f=1", 1, 10,
                "expected a value for tag \"host\", found ' ' (tags cannot be empty"),
            arguments("a trailing comma in the tag set", "cpu,host=a, f=1", 1, 12,
                "expected a tag key after ',', found ' '"),
            arguments("an unescaped '=' in a tag value", "cpu,host=a=b f=1", 1, 11,
                "unescaped '=' in the value of tag \"host\"; write it as \\="),
            arguments("an empty field key", "cpu =1", 1, 5, "expected a field key, found '='"),
            arguments("a field key without '='", "x f=1\ncpu,host=a usage 1", 2, 17,
                "expected '=' after field key \"usage\", found ' '"),
            arguments("a field without a value", "cpu usage=", 1, 11,
                "expected a value for field \"usage\", found end of input"),
            arguments("a field value missing before a comma", "cpu a=,b=1", 1, 7,
                "expected a value for field \"a\", found ','"),
            arguments("a trailing comma in the field set", "cpu a=1,", 1, 9,
                "expected a field key, found end of input"),
            arguments("a space after a comma in the field set", "cpu a=1, b=2", 1, 9,
                "expected a field key, found ' '"),
            arguments("a word as a value", "cpu a=abc", 1, 7,
                "invalid value \"abc\" for field \"a\": expected a number (1.5, 42i, 42u), a boolean"),
            arguments("a misspelt boolean", "cpu a=tRUE", 1, 7, "invalid value \"tRUE\" for field \"a\""),
            arguments("a bare NaN", "cpu a=NaN", 1, 7, "invalid value \"NaN\" for field \"a\""),
            arguments("infinity", "cpu a=inf", 1, 7, "invalid value \"inf\" for field \"a\""),
            arguments("two decimal points", "cpu v=1.2.3", 1, 7, "invalid number \"1.2.3\" for field \"v\""),
            arguments("an exponent without digits", "cpu v=1e", 1, 7, "invalid number \"1e\" for field \"v\""),
            arguments("a dot alone", "cpu v=.", 1, 7, "invalid number \".\" for field \"v\""),
            arguments("a minus alone", "cpu v=-", 1, 7, "invalid number \"-\" for field \"v\""),
            arguments("a leading plus sign", "cpu v=+1", 1, 7, "invalid value \"+1\" for field \"v\""),
            arguments("a float too large for float64", "cpu v=1e999", 1, 7,
                "number \"1e999\" of field \"v\" is out of the float64 range"),
            arguments("a float with an integer suffix", "cpu v=1.5i", 1, 7,
                "invalid integer \"1.5i\" for field \"v\""),
            arguments("an integer suffix without digits", "cpu v=-i", 1, 7, "invalid integer \"-i\" for field \"v\""),
            arguments("an integer above the range", "cpu v=9223372036854775808i", 1, 7,
                "integer \"9223372036854775808i\" of field \"v\" is out of range"),
            arguments("an integer below the range", "cpu v=-9223372036854775809i", 1, 7,
                "integer \"-9223372036854775809i\" of field \"v\" is out of range"),
            arguments("a negative unsigned integer", "cpu v=-1u", 1, 7,
                "unsigned integer \"-1u\" of field \"v\" cannot be negative"),
            arguments("an unsigned integer above the range", "cpu v=18446744073709551616u", 1, 7,
                "unsigned integer \"18446744073709551616u\" of field \"v\" is out of range"),
            arguments("a float with an unsigned suffix", "cpu v=1.5u", 1, 7,
                "invalid unsigned integer \"1.5u\" for field \"v\""),
            arguments("an unterminated string", "a f=1\ncpu s=\"abc\nb f=2", 2, 7,
                "unterminated string value of field \"s\": no closing '\"'"),
            arguments("text right after a string", "cpu s=\"a\"b", 1, 10,
                "expected ',', a space or end of line after the value of field \"s\", found 'b'"),
            arguments("a timestamp with letters", "cpu a=1 12x", 1, 9, "invalid timestamp \"12x\""),
            arguments("a float timestamp", "cpu a=1 1.5", 1, 9, "invalid timestamp \"1.5\""),
            arguments("a timestamp above the range", "cpu a=1 9223372036854775808", 1, 9,
                "timestamp \"9223372036854775808\" is out of range"),
            arguments("something after the timestamp", "cpu a=1 123 456", 1, 13,
                "expected end of line after the timestamp, found '4'"),
            arguments("a tab between the parts", "cpu\ta=1", 1, 4,
                "control character 0x09 is not allowed in a measurement name"),
            arguments("a tab in a tag key", "cpu,h\tst=a f=1", 1, 6, "control character 0x09 is not allowed in a tag key"),
            arguments("a tab in a tag value", "cpu,h=a\tb f=1", 1, 8, "control character 0x09 is not allowed in a tag value"),
            arguments("a tab in a field key", "cpu f\tg=1", 1, 6, "control character 0x09 is not allowed in a field key"),
            arguments("a lone carriage return in a name", "cp\ru a=1", 1, 3,
                "control character 0x0D is not allowed in a measurement name"),
            arguments("a column counted in characters, not bytes", "\u00e9\u00e9\u00e9,k=\ud83c\udf6d f", 1, 10,
                "expected '=' after field key \"f\", found end of input"),
            arguments("an error on the third line after CRLF", "a f=1\r\nb f=2\r\nc,k=v usage 1\r\n", 3, 12,
                "expected '=' after field key \"usage\", found ' '"),
            arguments("an error after a string spanning lines", "a s=\"x\ny\" 1 2", 2, 6,
                "expected end of line after the timestamp, found '2'")
        );
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("rejected")
    void rejectsInvalidLineProtocolNamingLineAndColumn(String description, String body, int line, int column,
                                                       String problem) {
        assertThatThrownBy(() -> render(LineProtocolParser.strict(), body))
            .isInstanceOfSatisfying(LineProtocolException.class, e -> {
                assertThat(e.line()).as("line").isEqualTo(line);
                assertThat(e.column()).as("column").isEqualTo(column);
                assertThat(e.problem()).startsWith(problem);
                assertThat(e.getMessage()).startsWith("line " + line + ", column " + column + ": " + problem);
            });
    }

    @Test
    @DisplayName("the message reads as line, column and what was expected")
    void messageReadsAsLineColumnAndExpectation() {
        assertThatThrownBy(() -> render(LineProtocolParser.strict(), "a f=1\nb f=2\ncpu,host=a usage 1"))
            .hasMessage("line 3, column 17: expected '=' after field key \"usage\", found ' '");
    }

    @Test
    @DisplayName("lenient mode keeps the good lines around a bad one and lists the errors")
    void lenientModeKeepsGoodLines() {
        List<String> points = new ArrayList<>();
        ParseReport report = LineProtocolParser.lenient().parse(
            bytes("a f=1\nb f=oops\nc f=3\nd,k f=4\ne f=5 1"),
            p -> points.add(p.measurement() + "@" + p.line()));

        assertThat(points).containsExactly("a@1", "c@3", "e@5");
        assertThat(report.points()).isEqualTo(3);
        assertThat(report.ok()).isFalse();
        assertThat(report.errors()).extracting(LineProtocolException::line, LineProtocolException::column)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 5), org.assertj.core.groups.Tuple.tuple(4, 4));
    }

    @Test
    @DisplayName("lenient mode resumes after an unterminated string on the next line")
    void lenientModeResumesAfterUnterminatedString() {
        List<String> points = new ArrayList<>();
        ParseReport report = LineProtocolParser.lenient().parse(
            bytes("a s=\"open\nb f=2\nc f=3"), p -> points.add(p.measurement()));

        assertThat(points).containsExactly("b", "c");
        assertThat(report.errors()).singleElement()
            .satisfies(e -> assertThat(e.getMessage()).startsWith("line 1, column 5: unterminated string"));
    }

    @Test
    @DisplayName("strict mode throws at the first bad line and parseToList returns nothing")
    void strictModeThrowsAtFirstBadLine() {
        assertThatThrownBy(() -> LineProtocolParser.strict().parseToList(bytes("a f=1\nb f=\nc f=x")))
            .isInstanceOf(LineProtocolException.class)
            .hasMessageStartingWith("line 2, column 5:");
    }

    @Test
    @DisplayName("a bad line never reaches the handler, even when its first fields were good")
    void badLineNeverReachesHandler() {
        List<String> seen = new ArrayList<>();
        LineProtocolParser.lenient().parse(bytes("m a=1,b=2,c=bad 5\nm a=9"),
            p -> seen.add(p.fieldCount() + ":" + p.floatValue(0)));
        assertThat(seen).containsExactly("1:9.0");
    }

    @Test
    @DisplayName("a slice of a larger array is parsed with lines counted from the slice")
    void parsesSliceOfArray() {
        byte[] body = bytes("garbage\na f=1\nb f=2\ngarbage");
        List<String> names = new ArrayList<>();
        LineProtocolParser.strict().parse(body, 8, 12, p -> names.add(p.measurement() + "@" + p.line()));
        assertThat(names).containsExactly("a@1", "b@2");
    }

    @Test
    @DisplayName("repeated names are the same String instance (the name cache works)")
    void repeatedNamesAreShared() {
        List<Point> points = LineProtocolParser.strict().parseToList(bytes("cpu,host=a usage=1\ncpu,host=a usage=2"));
        assertThat(points.get(1).measurement()).isSameAs(points.get(0).measurement());
        assertThat(points.get(1).tags().keySet().iterator().next())
            .isSameAs(points.get(0).tags().keySet().iterator().next());
    }

    @Test
    @DisplayName("decimal floats parse to the same double as Double.parseDouble")
    void floatsMatchJdk() {
        java.util.Random random = new java.util.Random(42);
        LineProtocolParser parser = LineProtocolParser.strict();
        StringBuilder body = new StringBuilder();
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String text = switch (i % 4) {
                case 0 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
                case 1 -> String.format(java.util.Locale.ROOT, "%." + random.nextInt(18) + "f", random.nextDouble() * 1000);
                case 2 -> Long.toString(random.nextLong() >> random.nextInt(64));
                default -> random.nextInt(100000) + "." + random.nextInt(100000) + "e" + (random.nextInt(60) - 30);
            };
            body.append("m v=").append(text.replace("E", "e")).append('\n');
            expected.add(Double.parseDouble(text));
        }
        List<Double> actual = new ArrayList<>();
        parser.parse(bytes(body.toString()), p -> actual.add(p.floatValue(0)));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    @DisplayName("names matched against the previous line of a measurement read like names parsed alone")
    void repeatedNamesReadLikeFreshOnes() {
        java.util.Random random = new java.util.Random(7);
        String[] measurements = {"cpu", "cp", "cpu\\ x", "a=b", "cpu,"};
        String[] names = {"host", "hos", "hostx", "host\\=x", "h\\,o", "usage_guest", "usage_guest_nice", "a\\b",
            "\u00e9t\u00e9"};
        String[] values = {"1", "-2.5", "7i", "\"s\"", "t", "1e3", "42u"};
        StringBuilder body = new StringBuilder();
        List<String> alone = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String measurement = measurements[random.nextInt(measurements.length)];
            StringBuilder line = new StringBuilder(measurement.endsWith(",") ? "cpu" : measurement);
            for (int t = random.nextInt(3); t > 0; t--) {
                line.append(',').append(names[random.nextInt(names.length)]).append('=')
                    .append(names[random.nextInt(names.length)]);
            }
            line.append(' ');
            for (int f = 1 + random.nextInt(4); f > 0; f--) {
                line.append(names[random.nextInt(names.length)]).append('=').append(values[random.nextInt(values.length)])
                    .append(f > 1 ? "," : "");
            }
            if (random.nextBoolean()) {
                line.append(' ').append(random.nextInt(1000));
            }
            body.append(line).append('\n');
            alone.add(render(LineProtocolParser.strict(), line.toString()));
        }
        assertThat(render(LineProtocolParser.strict(), body.toString())).isEqualTo(String.join("\n", alone));
    }

    static String render(LineProtocolParser parser, String body) {
        List<String> lines = new ArrayList<>();
        parser.parse(bytes(body), p -> {
            StringBuilder sb = new StringBuilder(p.measurement()).append('|');
            for (int i = 0; i < p.tagCount(); i++) {
                sb.append(i == 0 ? "" : ",").append(p.tagKey(i)).append('=').append(p.tagValue(i));
            }
            sb.append('|');
            for (int i = 0; i < p.fieldCount(); i++) {
                sb.append(i == 0 ? "" : ",").append(p.fieldKey(i)).append(':').append(p.fieldKind(i)).append('=');
                switch (p.fieldKind(i)) {
                    case FLOAT -> sb.append(p.floatValue(i));
                    case INTEGER -> sb.append(p.longValue(i));
                    case UNSIGNED -> sb.append(Long.toUnsignedString(p.longValue(i)));
                    case BOOLEAN -> sb.append(p.booleanValue(i));
                    case STRING -> sb.append('"').append(p.stringValue(i)).append('"');
                    default -> throw new AssertionError();
                }
            }
            sb.append('|').append(p.hasTimestamp() ? Long.toString(p.timestamp()) : "-");
            lines.add(sb.toString());
        });
        return String.join("\n", lines);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
