package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heliograph.live.testing.fuzz.Deadline;
import dev.heliograph.live.testing.fuzz.Json;
import dev.heliograph.live.testing.fuzz.Json.Escaping;
import dev.heliograph.live.testing.fuzz.Mutations;
import dev.heliograph.live.testing.fuzz.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based fuzzing of {@link CommandDecoder}, which reads every byte a WebSocket client
 * sends. Tries per property: {@code jqwik.tries.default} (see the parent pom's surefire
 * configuration and benchmarks/results/fuzz.md for the long run).
 */
@Label("The command decoder, fuzzed")
class CommandDecoderFuzzTest {

    private static final Deadline DEADLINE = Deadline.of(Duration.ofSeconds(10));
    private static final long MAX_ID = 0xFFFF_FFFFL;
    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** What the command grammar gives meaning to: the mutations insert these. */
    private static final String[] TOKENS = {
        "{", "}", "[", "]", ":", ",", "\"", "\\u0000", "\\ud800", "\\", "\n", "{}", "{}{}", "null", "true", "-",
        "1e999", "4294967296", "-1", "0.5", "\"id\":", "\"connect\":", "\"subscribe\":", "\"publish\":",
        "\"rpc\":", "\"send\":", "\"channel\":", "\"data\":", "\"method\":", "\"token\":", "\u00e9", "\ud83d\ude00",
        "\ufeff", "[[[[[[[[", "]]]]]]]]", "99999999999999999999999999999999"
    };

    // ---- valid input: decodes to exactly what was generated --------------------------------

    @Property
    @Label("a generated batch of valid commands decodes to the generated fields, data byte for byte")
    void validBatchesDecodeToWhatWasGenerated(@ForAll("batches") Batch batch) throws Exception {
        List<Command> decoded = CommandDecoder.decode(batch.bytes());

        assertThat(decoded).hasSize(batch.commands().size());
        for (int i = 0; i < decoded.size(); i++) {
            GeneratedCommand g = batch.commands().get(i);
            Command c = decoded.get(i);
            assertThat(c.id()).as("id of command %d", i + 1).isEqualTo(g.id() == null ? 0 : g.id());
            assertThat(c.method()).as("method of command %d", i + 1).isEqualTo(g.method());
            assertThat(c.channel()).as("channel").isEqualTo(g.channel());
            assertThat(c.rpcMethod()).as("rpc method").isEqualTo(g.rpcMethod());
            assertThat(c.token()).as("token").isEqualTo(g.token());
            if (g.data() == null || g.data().equals("null")) {
                assertThat(c.data()).as("data").isNull();
            } else {
                assertThat(c.data().toString()).as("data").isEqualTo(g.data());
            }
        }
    }

    @Property
    @Label("commands are accepted one per line: a separator without a line break, or a byte-order mark, is refused")
    void oneCommandPerLine(@ForAll("batches") Batch batch, @ForAll("separators") List<String> separators,
                           @ForAll("prefixes") String prefix) {
        StringBuilder message = new StringBuilder(prefix);
        boolean valid = !prefix.contains("\ufeff");
        for (int i = 0; i < batch.lines().size(); i++) {
            if (i > 0) {
                String separator = separators.get(i % separators.size());
                valid &= separator.contains("\n") && !separator.contains("\ufeff");
                message.append(separator);
            }
            message.append(batch.lines().get(i));
        }
        byte[] bytes = message.toString().getBytes(StandardCharsets.UTF_8);

        List<Command> decoded = DEADLINE.run(() -> CommandDecoder.decode(bytes)).acceptedOr(BadRequestException.class);

        assertThat(decoded != null).as("accepted %s", message).isEqualTo(valid);
        if (decoded != null) {
            assertThat(decoded).hasSameSizeAs(batch.lines());
        }
        Statistics.label("outcome").collect(valid ? "accepted" : "refused");
    }

    @Property
    @Label("a wrong type in any field of any method is refused, naming the command and the field")
    void wrongTypesAreRefusedPrecisely(@ForAll("batches") Batch before, @ForAll("wrongTypes") WrongType wrong) {
        List<Command> kept = new ArrayList<>();
        byte[] message = (new String(before.bytes(), StandardCharsets.UTF_8).stripTrailing() + "\n" + wrong.json())
                .getBytes(StandardCharsets.UTF_8);
        int index = before.commands().size() + 1;

        Outcome<Void> o = DEADLINE.run(() -> {
            CommandDecoder.decodeInto(message, kept);
            return null;
        });

        assertThat(o.accepted()).as("accepted %s", wrong.json()).isFalse();
        assertThat(o.acceptedOr(BadRequestException.class)).isNull();
        assertThat(o.thrown().getMessage()).isEqualTo("command " + index + " " + wrong.expectedMessage());
        assertThat(kept).as("the commands before the bad one").hasSize(index - 1);
    }

    @Property
    @Label("data nested up to 990 deep is kept as sent; deeper is refused, never a stack overflow")
    void deepNesting(@ForAll @IntRange(min = 1, max = 5000) int depth, @ForAll boolean arrays) {
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String data = open.repeat(depth) + "1" + close.repeat(depth);
        byte[] message = ("{\"id\":1,\"publish\":{\"channel\":\"1/a/b/c\",\"data\":" + data + "}}")
                .getBytes(StandardCharsets.UTF_8);

        List<Command> decoded = DEADLINE.run(() -> CommandDecoder.decode(message)).acceptedOr(BadRequestException.class);

        if (depth <= 990) {
            assertThat(decoded).as("refused at depth %d", depth).isNotNull();
            assertThat(decoded.get(0).data().toString()).isEqualTo(data);
        }
        Statistics.label("outcome").collect(decoded == null ? "refused" : "accepted");
    }

    @Property
    @Label("huge numbers are kept as data, refused as ids with the range, never overflowed")
    void hugeNumbers(@ForAll @IntRange(min = 1, max = 3000) int digits, @ForAll boolean negative) {
        String number = (negative ? "-" : "") + "9".repeat(digits);
        byte[] asId = ("{\"id\":" + number + ",\"connect\":{}}").getBytes(StandardCharsets.UTF_8);
        byte[] asData = ("{\"id\":1,\"rpc\":{\"data\":" + number + "}}").getBytes(StandardCharsets.UTF_8);

        List<Command> id = DEADLINE.run(() -> CommandDecoder.decode(asId)).acceptedOr(BadRequestException.class);
        List<Command> data = DEADLINE.run(() -> CommandDecoder.decode(asData)).acceptedOr(BadRequestException.class);

        if (negative || digits > 9) {
            assertThat(id).as("id %s", number).isNull();
        } else {
            assertThat(id.get(0).id()).isEqualTo(Long.parseLong(number));
        }
        if (digits <= 1000) {
            assertThat(data).as("data of %d digits", digits).isNotNull();
            assertThat(data.get(0).data().toString()).isEqualTo(number);
        }
    }

    // ---- hostile input: refused with 3501 or decoded within bounds --------------------------

    @Property
    @Label("valid batches with random edits are decoded within bounds or refused with a reason")
    void mutatedBatches(@ForAll("mutatedBatches") byte[] message) {
        checkBoundsOrRefusal(message);
    }

    @Property
    @Label("raw bytes and runs of JSON tokens are decoded within bounds or refused with a reason")
    void rawInput(@ForAll("rawInput") byte[] message) {
        checkBoundsOrRefusal(message);
    }

    @Property
    @Label("text as a WebSocket container delivers it (any string) is decoded within bounds or refused")
    void anyText(@ForAll("anyText") String text) {
        // what ClientSession.onText does with a text frame
        checkBoundsOrRefusal(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void checkBoundsOrRefusal(byte[] message) {
        Outcome<List<Command>> o = DEADLINE.run(() -> CommandDecoder.decode(message));
        List<Command> decoded = o.acceptedOr(BadRequestException.class);
        Statistics.label("outcome").collect(decoded == null ? "refused" : "accepted");
        if (decoded == null) {
            return;
        }
        assertThat(decoded).isNotEmpty();
        assertThat(decoded.size()).as("commands, at most one per line").isLessThanOrEqualTo(linesWithContent(message));
        assertThat(firstContent(message)).as("the first byte after whitespace").isEqualTo((byte) '{');
        boolean utf8 = Json.isUtf8(message);
        for (Command c : decoded) {
            assertThat(c.id()).isBetween(0L, MAX_ID);
            assertThat(length(c.channel()) + length(c.rpcMethod()) + length(c.token())).isLessThanOrEqualTo(message.length);
            if (c.data() != null) {
                assertThat(c.data().length()).isLessThanOrEqualTo(message.length);
                if (utf8) {
                    assertThat(isOneJsonValue(c.data().toString())).as("data %s is one JSON value", c.data()).isTrue();
                }
            }
        }
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static int linesWithContent(byte[] message) {
        int lines = 0;
        boolean content = false;
        for (byte b : message) {
            if (b == '\n') {
                lines += content ? 1 : 0;
                content = false;
            } else if (b != ' ' && b != '\t' && b != '\r') {
                content = true;
            }
        }
        return lines + (content ? 1 : 0);
    }

    private static byte firstContent(byte[] message) {
        for (byte b : message) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b;
            }
        }
        return 0;
    }

    private static boolean isOneJsonValue(String json) {
        try {
            STRICT_JSON.readTree(json);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ---- generators ------------------------------------------------------------------------

    /**
     * One command as generated: a null id is no id field (or a JSON null), a null string or data
     * is an absent field; data is the exact JSON text written.
     */
    record GeneratedCommand(Long id, Method method, String channel, String data, String rpcMethod, String token) {}

    /** A message, the commands it holds, and the JSON text of each. */
    record Batch(List<GeneratedCommand> commands, List<String> lines, byte[] bytes) {
        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.UTF_8).replace("\n", "\\n");
        }
    }

    /** A command with one field of the wrong type, and the refusal it must get (after "command N "). */
    record WrongType(String json, String expectedMessage) {}

    @Provide
    Arbitrary<Batch> batches() {
        return Combinators.combine(written().list().ofMinSize(1).ofMaxSize(5), Arbitraries.of("", "\n", " \n", "\r\n"))
                .as((cmds, end) -> {
                    StringBuilder sb = new StringBuilder();
                    List<GeneratedCommand> commands = new ArrayList<>();
                    List<String> lines = new ArrayList<>();
                    for (Written w : cmds) {
                        if (sb.length() > 0) {
                            sb.append('\n');
                        }
                        sb.append(w.json());
                        commands.add(w.command());
                        lines.add(w.json());
                    }
                    return new Batch(commands, lines, (sb + end).getBytes(StandardCharsets.UTF_8));
                });
    }

    @Provide
    Arbitrary<List<String>> separators() {
        return Arbitraries.of("\n", "\n", " \n", "\r\n", "\t\n ", "\n\n", "", " ", "\t", "\r", "\ufeff", "\n\ufeff", "\ufeff\n")
                .list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.of("", "", "", " ", "\n", "\ufeff", "\ufeff\n", " \ufeff");
    }

    @Provide
    Arbitrary<byte[]> mutatedBatches() {
        return Mutations.of(batches().map(Batch::bytes), TOKENS);
    }

    @Provide
    Arbitrary<byte[]> rawInput() {
        return Arbitraries.oneOf(Mutations.rawBytes(256), Mutations.soup(512, TOKENS));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Mutations.anyText(256), Mutations.textSoup(512, TOKENS));
    }

    private record Written(GeneratedCommand command, String json) {}

    private static Arbitrary<String> optionalString() {
        return Json.anyString(24).injectNull(0.4);
    }

    /** A command written with its fields in a random order, unknown fields and spacing. */
    private static Arbitrary<Written> written() {
        Arbitrary<Long> id = Arbitraries.longs().between(0, MAX_ID).injectNull(0.15);
        Arbitrary<Method> method = Arbitraries.of(Method.class).injectNull(0.1);
        Arbitrary<String> data = Json.value(3).injectNull(0.3);
        Arbitrary<GeneratedCommand> command = Combinators.combine(id, method, optionalString(), data,
                        optionalString(), optionalString())
                .as(GeneratedCommand::new);
        Arbitrary<List<String>> unknown = Combinators.combine(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).map(s -> "x_" + s), Json.value(2))
                .as((k, v) -> "\"" + k + "\":" + v)
                .list().ofMaxSize(2);
        return Combinators.combine(command, unknown, unknown, Arbitraries.of(Escaping.class),
                        Arbitraries.integers(), Arbitraries.of("", " ", "\t"), Arbitraries.of(true, false))
                .as((c, topExtra, bodyExtra, escaping, seed, space, nullId) -> {
                    Random order = new Random(seed);
                    List<String> body = new ArrayList<>(bodyExtra);
                    addString(body, "channel", c.channel(), escaping);
                    addString(body, "method", c.rpcMethod(), escaping);
                    addString(body, "token", c.token(), escaping);
                    if (c.data() != null) {
                        body.add("\"data\":" + space + c.data());
                    }
                    Collections.shuffle(body, order);
                    List<String> top = new ArrayList<>(topExtra);
                    if (c.id() != null) {
                        top.add("\"id\":" + space + c.id());
                    } else if (nullId) {
                        top.add("\"id\":null");
                    }
                    Collections.shuffle(top, order);
                    GeneratedCommand expected = c;
                    if (c.method() != null) {
                        top.add(order.nextInt(top.size() + 1), "\"" + c.method().field() + "\":" + space
                                + "{" + String.join("," + space, body) + "}");
                    } else {
                        expected = new GeneratedCommand(c.id(), null, null, null, null, null);
                    }
                    return new Written(expected, "{" + space + String.join("," + space, top) + space + "}");
                });
    }

    private static void addString(List<String> fields, String name, String value, Escaping escaping) {
        if (value != null) {
            fields.add("\"" + name + "\":" + Json.quote(value, escaping));
        }
    }

    @Provide
    Arbitrary<WrongType> wrongTypes() {
        Arbitrary<String> nonString = Arbitraries.of("1", "-2.5", "true", "false", "[]", "{}", "[\"x\"]");
        Arbitrary<String> nonObject = Arbitraries.of("1", "true", "\"x\"", "[]", "[{}]");
        Arbitrary<String> nonInteger = Arbitraries.of("\"1\"", "true", "[]", "{}", "1.5", "1e3");
        Arbitrary<WrongType> inBody = Combinators.combine(Arbitraries.of(Method.class),
                        Arbitraries.of("channel", "method", "token"), nonString)
                .as((m, field, v) -> new WrongType("{\"id\":7,\"" + m.field() + "\":{\"" + field + "\":" + v + "}}",
                        m.field() + "." + field + " is " + describe(v) + ", expected a string"));
        Arbitrary<WrongType> asBody = Combinators.combine(Arbitraries.of(Method.class), nonObject)
                .as((m, v) -> new WrongType("{\"id\":7,\"" + m.field() + "\":" + v + "}",
                        "field '" + m.field() + "' is " + describe(v) + ", expected an object"));
        Arbitrary<WrongType> asId = Combinators.combine(Arbitraries.of(Method.class), nonInteger)
                .as((m, v) -> new WrongType("{\"" + m.field() + "\":{},\"id\":" + v + "}",
                        "id is " + describe(v) + ", expected a positive integer"));
        return Arbitraries.oneOf(inBody, asBody, asId);
    }

    private static String describe(String json) {
        return switch (json.charAt(0)) {
            case '[' -> "an array";
            case '{' -> "an object";
            case '"' -> "a string";
            case 't', 'f' -> "a boolean";
            default -> "a number";
        };
    }
}
