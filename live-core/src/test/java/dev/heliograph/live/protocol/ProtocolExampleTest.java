package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The example exchange of protocol.md")
class ProtocolExampleTest {

    private final SessionHarness harness = new SessionHarness(
            b -> b.pingInterval(Duration.ofSeconds(25)).pongTimeout(Duration.ofSeconds(10)));

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    @DisplayName("is reproduced byte for byte (client ids aside), with the joiner's own join push the example leaves out")
    void exampleExchange() {
        SessionHarness.Client other = harness.connected();
        other.call("{\"id\":2,\"publish\":{\"channel\":\"1/grafana/broadcast/x\",\"data\":{\"last\":\"message\"}}}");
        SessionHarness.Client client = harness.client();

        client.send("{\"connect\":{\"name\":\"js\"},\"id\":1}\n{\"subscribe\":{\"channel\":\"1/grafana/broadcast/x\",\"flag\":1},\"id\":2}");
        client.awaitMessages(3);
        other.call("{\"id\":3,\"publish\":{\"channel\":\"1/grafana/broadcast/x\",\"data\":{\"hello\":\"world\"}}}");
        client.awaitMessages(4);
        client.send("{\"publish\":{\"channel\":\"1/grafana/broadcast/x\",\"data\":{\"text\":\"hi\"}},\"id\":3}");
        List<String> received = client.awaitMessages(6);

        List<String> normalised = received.stream()
                .map(m -> m.replace(client.id(), "c-1").replace(other.id(), "c-9"))
                .toList();
        assertThat(normalised).containsExactly(
                "{\"id\":1,\"connect\":{\"client\":\"c-1\",\"version\":\"1.0.0\",\"ping\":25,\"pong\":true}}",
                "{\"id\":2,\"subscribe\":{\"data\":{\"last\":\"message\"}}}",
                "{\"push\":{\"channel\":\"1/grafana/broadcast/x\",\"join\":{\"info\":{\"user\":\"7\",\"client\":\"c-1\"}}}}",
                "{\"push\":{\"channel\":\"1/grafana/broadcast/x\",\"pub\":{\"data\":{\"hello\":\"world\"},\"info\":{\"user\":\"7\",\"client\":\"c-9\"}}}}",
                "{\"push\":{\"channel\":\"1/grafana/broadcast/x\",\"pub\":{\"data\":{\"text\":\"hi\"},\"info\":{\"user\":\"7\",\"client\":\"c-1\"}}}}",
                "{\"id\":3,\"publish\":{}}");
        assertThat(client.transport.frames().get(0))
                .as("connect and subscribe replies leave in one frame")
                .isEqualTo(received.get(0) + "\n" + received.get(1) + "\n" + received.get(2));
    }
}
