package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
}
