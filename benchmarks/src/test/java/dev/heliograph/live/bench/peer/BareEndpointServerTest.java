package dev.heliograph.live.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The bare floor endpoint")
class BareEndpointServerTest {

    @Test
    @DisplayName("answers a command with an empty result of the same method and id")
    void acksCommands() {
        assertThat(BareEndpointServer.ack("{\"id\":1,\"connect\":{\"name\":\"x\"}}")).isEqualTo("{\"id\":1,\"connect\":{}}");
        assertThat(BareEndpointServer.ack("{\"id\":27,\"subscribe\":{\"channel\":\"1/a/b/c\"}}"))
                .isEqualTo("{\"id\":27,\"subscribe\":{}}");
    }

    @Test
    @DisplayName("does not answer a pong or a line without an id")
    void ignoresPongs() {
        assertThat(BareEndpointServer.ack("{}")).isNull();
        assertThat(BareEndpointServer.ack("{\"id\":3}")).isNull();
    }

    @Test
    @DisplayName("reads --port, defaults to 8090, and names a bad value")
    void readsThePort() {
        assertThat(PeerServer.port(new String[] {"--port", "18091"})).isEqualTo(18091);
        assertThat(PeerServer.port(new String[0])).isEqualTo(8090);
        assertThatThrownBy(() -> PeerServer.port(new String[] {"--port", "http"})).hasMessageContaining("'http'");
    }
}
