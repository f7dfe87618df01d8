package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("DemoServer's ha_engine = redis settings")
class DemoServerEngineTest {

    @Test
    @DisplayName("a malformed ha_engine_address stops the start with a message naming the value")
    void malformedAddress() {
        assertThatThrownBy(() -> DemoServer.start("--port", "0", "--ha-engine", "redis",
                "--ha-engine-address", "mongodb://127.0.0.1:1"))
                .isInstanceOf(IllegalArgumentException.class) // from the library, which builds the engine
                .hasMessageContaining("ha_engine_address")
                .hasMessageContaining("'mongodb://127.0.0.1:1'");
    }

    @Test
    @DisplayName("an ha_prefix with characters Redis keys should not carry stops the start, naming the character")
    void badPrefix() {
        assertThatThrownBy(() -> DemoServer.start("--port", "0", "--ha-engine", "redis",
                "--ha-engine-address", "127.0.0.1:1", "--ha-prefix", "prod live"))
                .isInstanceOf(IllegalArgumentException.class) // from the library, which builds the engine
                .hasMessageContaining("ha_prefix 'prod live'")
                .hasMessageContaining("' '");
    }
}
