package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The publish request body")
class PublishBodyTest {

    private static PublishBody parse(String json) {
        return PublishBody.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("yields the channel and the data as compact JSON, ignoring unknown fields")
    void parses() {
        PublishBody b = parse("{ \"x\": [1, {\"y\": 2}], \"channel\": \"grafana/broadcast/a\",\n"
                + " \"data\": { \"v\" : [1, 2.5, \"é\", null, true] } }");
        assertThat(b.channel()).isEqualTo("grafana/broadcast/a");
        assertThat(b.data().toString()).isEqualTo("{\"v\":[1,2.5,\"é\",null,true]}");
    }

    @Test
    @DisplayName("accepts scalar data")
    void scalarData() {
        assertThat(parse("{\"data\":\"hi\",\"channel\":\"a/b/c\"}").data().toString()).isEqualTo("\"hi\"");
    }

    @Test
    @DisplayName("says what is wrong with a bad body")
    void rejects() {
        assertThatThrownBy(() -> parse("")).hasMessageContaining("request body is empty");
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> parse("{\"channel\":\"a/b/c\",")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("{\"data\":{}}")).hasMessageContaining("\"channel\" is missing");
        assertThatThrownBy(() -> parse("{\"channel\":\"a/b/c\"}")).hasMessageContaining("\"data\" is missing");
        assertThatThrownBy(() -> parse("{\"channel\":5,\"data\":{}}")).hasMessageContaining("must be a string");
        assertThatThrownBy(() -> parse("{\"channel\":\"a/b/c\",\"data\":{}} {}"))
                .hasMessageContaining("content after the JSON object");
    }
}
