package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The command decoder")
class CommandDecoderTest {

    private static List<Command> decode(String text) throws BadRequestException {
        return CommandDecoder.decode(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String badRequest(String text) {
        try {
            decode(text);
        } catch (BadRequestException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a bad request for " + text);
    }

    @Test
    @DisplayName("reads the commands of a newline-batched message in order")
    void readsABatch() throws Exception {
        List<Command> commands = decode("{\"connect\":{\"name\":\"js\"},\"id\":1}\n"
                + "{\"subscribe\":{\"channel\":\"1/grafana/broadcast/x\",\"flag\":1},\"id\":2}");

        assertThat(commands).hasSize(2);
        assertThat(commands.get(0).method()).isEqualTo(Method.CONNECT);
        assertThat(commands.get(0).id()).isEqualTo(1);
        assertThat(commands.get(1).method()).isEqualTo(Method.SUBSCRIBE);
        assertThat(commands.get(1).id()).isEqualTo(2);
        assertThat(commands.get(1).channel()).isEqualTo("1/grafana/broadcast/x");
    }

    @Test
    @DisplayName("takes the first method field and ignores later ones and unknown fields")
    void firstMethodWins() throws Exception {
        Command c = decode("{\"id\":7,\"x\":[1,{\"a\":2}],\"publish\":{\"channel\":\"1/a/b/c\",\"data\":1,\"z\":{}},"
                        + "\"subscribe\":{\"channel\":\"1/other/b/c\"}}")
                .get(0);

        assertThat(c.method()).isEqualTo(Method.PUBLISH);
        assertThat(c.channel()).isEqualTo("1/a/b/c");
        assertThat(c.id()).isEqualTo(7);
    }

    @ParameterizedTest(name = "data {0} is kept byte for byte")
    @ValueSource(strings = {
        "{\"hello\":\"world\"}",
        "{ \"spaced\" : [ 1 , 2.50 , -3e2 ] }",
        "\"caf\\u00e9 \u00e9\"",
        "12.0",
        "-7",
        "true",
        "false",
        "[]",
        "{\"nested\":{\"deep\":[{\"x\":null}]}}",
        "\"\\\"quoted\\\"\""
    })
    void keepsDataRaw(String data) throws Exception {
        Command c = decode("{\"id\":3,\"publish\":{\"data\":" + data + ",\"channel\":\"1/a/b/c\"}}").get(0);

        assertThat(c.data().toString()).isEqualTo(data);
        assertThat(c.channel()).isEqualTo("1/a/b/c");
    }

    @Test
    @DisplayName("keeps data that is the last field of the body and of the message")
    void keepsTrailingData() throws Exception {
        Command c = decode("{\"id\":3,\"publish\":{\"channel\":\"1/a/b/c\",\"data\":123}}").get(0);

        assertThat(c.data().toString()).isEqualTo("123");
    }

    @Test
    @DisplayName("reads a bare {} as a pong")
    void readsPong() throws Exception {
        assertThat(decode("{}").get(0).isPong()).isTrue();
    }

    @Test
    @DisplayName("reads an id without a known method as a command with no method, not a pong")
    void idWithoutMethod() throws Exception {
        Command c = decode("{\"id\":4,\"fly\":{}}").get(0);

        assertThat(c.isPong()).isFalse();
        assertThat(c.method()).isNull();
    }

    @Test
    @DisplayName("reads rpc method and refresh token fields")
    void readsRpcAndToken() throws Exception {
        List<Command> c = decode("{\"id\":5,\"rpc\":{\"method\":\"sum\",\"data\":[1,2]}}\n{\"id\":6,\"refresh\":{\"token\":\"t\"}}");

        assertThat(c.get(0).rpcMethod()).isEqualTo("sum");
        assertThat(c.get(0).data().toString()).isEqualTo("[1,2]");
        assertThat(c.get(1).token()).isEqualTo("t");
    }

    @Test
    @DisplayName("treats JSON null data as no data")
    void nullData() throws Exception {
        assertThat(decode("{\"id\":3,\"publish\":{\"channel\":\"1/a/b/c\",\"data\":null}}").get(0).data())
                .isNull();
    }

    @Test
    @DisplayName("rejects malformed JSON, saying where")
    void rejectsMalformedJson() {
        assertThat(badRequest("{\"id\":1,\"connect\":{")).startsWith("malformed JSON");
        assertThat(badRequest("{\"id\":1,,}")).startsWith("malformed JSON").contains("column");
    }

    @Test
    @DisplayName("rejects values that are not objects, and empty messages")
    void rejectsNonObjects() {
        assertThat(badRequest("[1]")).isEqualTo("command 1 is an array, expected a JSON object");
        assertThat(badRequest("{}\n5")).isEqualTo("command 2 is a number, expected a JSON object");
        assertThat(badRequest("")).startsWith("empty message");
        assertThat(badRequest(" \n ")).startsWith("empty message");
    }

    @Test
    @DisplayName("rejects ids that are not positive 32-bit integers")
    void rejectsBadIds() {
        assertThat(badRequest("{\"id\":\"1\",\"connect\":{}}")).isEqualTo("command 1 id is a string, expected a positive integer");
        assertThat(badRequest("{\"id\":-1,\"connect\":{}}")).contains("out of range");
        assertThat(badRequest("{\"id\":4294967296,\"connect\":{}}")).contains("out of range");
        assertThat(badRequest("{\"id\":1.5,\"connect\":{}}")).contains("a number");
    }

    @Test
    @DisplayName("rejects a method field that is not an object and a channel that is not a string")
    void rejectsWrongTypes() {
        assertThat(badRequest("{\"id\":1,\"connect\":true}")).isEqualTo("command 1 field 'connect' is a boolean, expected an object");
        assertThatThrownBy(() -> decode("{\"id\":2,\"subscribe\":{\"channel\":5}}"))
                .hasMessage("command 1 subscribe.channel is a number, expected a string");
    }

    static Stream<Arguments> trailingContent() {
        return Stream.of(
                Arguments.of("{}{}", "command 1 is followed by '{' on the same line (column 3):"
                        + " send one JSON object per line, separated by \\n"),
                Arguments.of("{\"id\":1,\"connect\":{}}{\"id\":2}", "command 1 is followed by '{' on the same line (column 22)"),
                Arguments.of("{} {}", "command 1 is followed by '{' on the same line (column 4)"),
                Arguments.of("{}\n{\"id\":2,\"connect\":{}} {}", "command 2 is followed by '{' on the same line (column 23)"),
                Arguments.of("{}\n{}  []", "command 2 is followed by '[' on the same line (column 5)"),
                Arguments.of("{} 5", "command 1 is followed by '5' on the same line (column 4)"),
                Arguments.of("{}x", "command 1 is followed by 'x' on the same line (column 3)"),
                Arguments.of("{}}", "command 1 is followed by '}' on the same line (column 3)"),
                Arguments.of("{}\u0000", "command 1 is followed by byte 0x00 on the same line (column 3)"),
                Arguments.of("{}\u00e9", "command 1 is followed by byte 0xC3 on the same line (column 3)"),
                Arguments.of("{}\n{}\ufeff", "command 2 is followed by byte 0xEF on the same line (column 3)"),
                Arguments.of("{}\n\ufeff{}", "malformed JSON: Unexpected character"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trailingContent")
    @DisplayName("refuses anything after a command on its line, naming the byte and the column")
    void refusesTrailingContentOnALine(String text, String message) {
        assertThat(badRequest(text)).startsWith(message);
    }

    @ParameterizedTest(name = "after a command: {0}")
    @ValueSource(strings = {"{}\n", "{} \n{}", "{}\t\r\n{}\r\n", "{}  ", "{}\n\n{}"})
    @DisplayName("allows spaces, tabs and a carriage return after a command before its line ends")
    void allowsWhitespaceBeforeTheLineEnds(String text) throws Exception {
        assertThat(decode(text)).isNotEmpty().allMatch(Command::isPong);
    }

    @Test
    @DisplayName("keeps nothing of a line that holds two commands, and the commands of the lines before it")
    void dropsTheWholeBadLine() {
        List<Command> commands = new ArrayList<>();
        byte[] message = "{\"id\":1,\"connect\":{}}\n{\"id\":2,\"rpc\":{}}{\"id\":3,\"rpc\":{}}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> CommandDecoder.decodeInto(message, commands))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("command 2 is followed by '{'");
        assertThat(commands).extracting(Command::id).containsExactly(1L);
    }

    static Stream<Arguments> otherEncodings() {
        return Stream.of(
                Arguments.of("a UTF-8 byte-order mark", withJson(bytes(0xEF, 0xBB, 0xBF), "{}"),
                        "message starts with a UTF-8 byte-order mark (0xEF 0xBB 0xBF): send the JSON commands without one"),
                Arguments.of("a UTF-8 byte-order mark alone", bytes(0xEF, 0xBB, 0xBF),
                        "message starts with a UTF-8 byte-order mark (0xEF 0xBB 0xBF)"),
                Arguments.of("a UTF-16BE byte-order mark", bytes(0xFE, 0xFF, 0, '{', 0, '}'),
                        "message starts with a UTF-16 byte-order mark (0xFE 0xFF): send the JSON commands as UTF-8"),
                Arguments.of("a UTF-16LE byte-order mark", bytes(0xFF, 0xFE, '{', 0, '}', 0),
                        "message starts with a UTF-16 byte-order mark (0xFF 0xFE)"),
                Arguments.of("UTF-16BE without a mark", bytes(0, '{', 0, '}'),
                        "message has a NUL byte at offset 0, expected UTF-8 JSON commands"),
                Arguments.of("UTF-16LE without a mark", bytes('{', 0, '}', 0),
                        "message has a NUL byte at offset 1, expected UTF-8 JSON commands"),
                Arguments.of("UTF-32BE", bytes(0, 0, 0, '{', 0, 0, 0, '}'), "message has a NUL byte at offset 0"),
                Arguments.of("UTF-32LE", bytes('{', 0, 0, 0, '}', 0, 0, 0), "message has a NUL byte at offset 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherEncodings")
    @DisplayName("refuses a byte-order mark and whatever Jackson would read as UTF-16 or UTF-32")
    void refusesOtherEncodings(String what, byte[] message, String expected) {
        assertThatThrownBy(() -> CommandDecoder.decode(message))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith(expected);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] withJson(byte[] head, String json) {
        byte[] tail = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
