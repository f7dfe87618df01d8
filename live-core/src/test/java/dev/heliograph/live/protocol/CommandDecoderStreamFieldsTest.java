package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.hub.StreamPosition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The command decoder, history and recovery fields")
class CommandDecoderStreamFieldsTest {

    private static Command decodeOne(String text) throws BadRequestException {
        return CommandDecoder.decode(text.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    @DisplayName("reads recover, offset and epoch of a subscribe, as the centrifuge client sends them")
    void subscribeRecovery() throws Exception {
        Command c = decodeOne("{\"subscribe\":{\"channel\":\"1/grafana/broadcast/x\",\"recover\":true,\"offset\":17,"
                + "\"epoch\":\"abc\",\"recoverable\":true,\"positioned\":true,\"flag\":1},\"id\":2}");

        assertThat(c.stream()).isEqualTo(new StreamFields(true, 17, "abc", 0, false, null));
    }

    @Test
    @DisplayName("reads limit, since and reverse of a history")
    void history() throws Exception {
        Command c = decodeOne("{\"history\":{\"channel\":\"1/a/b/c\",\"limit\":-1,\"since\":{\"offset\":3,\"epoch\":\"e\"},"
                + "\"reverse\":true},\"id\":2}");

        assertThat(c.stream()).isEqualTo(new StreamFields(false, 0, "", -1, true, new StreamPosition(3, "e")));
    }

    @Test
    @DisplayName("has no stream fields when none was sent, or on other methods")
    void absent() throws Exception {
        assertThat(decodeOne("{\"subscribe\":{\"channel\":\"1/a/b/c\"},\"id\":2}").stream()).isNull();
        assertThat(decodeOne("{\"publish\":{\"channel\":\"1/a/b/c\",\"data\":1,\"offset\":\"x\"},\"id\":2}").stream()).isNull();
        assertThat(decodeOne("{\"subscribe\":{\"channel\":\"1/a/b/c\"},\"id\":2}").streamOrNone()).isEqualTo(StreamFields.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"subscribe\":{\"channel\":\"c\",\"recover\":1},\"id\":2}",
        "{\"subscribe\":{\"channel\":\"c\",\"offset\":-1},\"id\":2}",
        "{\"subscribe\":{\"channel\":\"c\",\"offset\":1.5},\"id\":2}",
        "{\"subscribe\":{\"channel\":\"c\",\"offset\":\"3\"},\"id\":2}",
        "{\"subscribe\":{\"channel\":\"c\",\"epoch\":3},\"id\":2}",
        "{\"history\":{\"channel\":\"c\",\"limit\":10000000000},\"id\":2}",
        "{\"history\":{\"channel\":\"c\",\"since\":[1]},\"id\":2}",
        "{\"history\":{\"channel\":\"c\",\"since\":{\"offset\":-2}},\"id\":2}",
    })
    @DisplayName("refuses a field of the wrong type or range, naming it")
    void refusesBadValues(String text) {
        assertThatThrownBy(() -> decodeOne(text))
                .isInstanceOf(BadRequestException.class)
                .hasMessageMatching("command 1 (subscribe|history)\\.(recover|offset|epoch|limit|since|since\\.offset) is .*");
    }
}
