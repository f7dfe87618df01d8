package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EmulationRequestTest {

    private static EmulationRequest parse(String json) {
        return EmulationRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("reads node, session and the commands string as the centrifuge client posts them")
    void parsesClientBody() {
        EmulationRequest r = parse("{\"session\":\"s1\",\"node\":\"n1\",\"data\":\"{\\\"id\\\":2,\\\"subscribe\\\":{}}\\n{}\",\"x\":[1]}");
        assertThat(r).isEqualTo(new EmulationRequest("n1", "s1", "{\"id\":2,\"subscribe\":{}}\n{}"));
    }

    @Test
    @DisplayName("refuses bodies that are not the emulation request, saying what is wrong")
    void refusesBadBodies() {
        assertThatThrownBy(() -> parse("[]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parse("{\"session\":\"s\",\"data\":\"{}\"}")).hasMessageContaining("\"node\" and \"session\"");
        assertThatThrownBy(() -> parse("{\"session\":\"s\",\"node\":\"n\"}")).hasMessageContaining("\"data\" is missing");
        assertThatThrownBy(() -> parse("{\"session\":\"s\",\"node\":\"n\",\"data\":{}}")).hasMessageContaining("must be a string");
        assertThatThrownBy(() -> parse("{\"session\":")).hasMessageContaining("not valid JSON");
    }
}
