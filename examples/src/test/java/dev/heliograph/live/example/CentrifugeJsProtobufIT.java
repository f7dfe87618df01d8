package dev.heliograph.live.example;

import static dev.heliograph.live.example.NodeScript.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Protobuf build of the official {@code centrifuge} JavaScript client
 * ({@code centrifuge/build/protobuf}: subprotocol {@code centrifuge-protobuf}, binary frames) beside
 * its default JSON build, against the demo server started in this JVM:
 * {@code src/test/js/protobuf.mjs} drives both (Node 20 + {@code ws}, HTTP Basic on the upgrade)
 * and prints what happened as JSON. Needs {@code node} and {@code npm} on the PATH.
 */
@DisplayName("Protobuf and JSON builds of the official centrifuge JS client on one channel")
class CentrifugeJsProtobufIT {

    private DemoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("negotiates centrifuge-protobuf for one and nothing for the other; both get the HTTP publish, each other's publish, presence")
    void protobufBesideJson() throws Exception {
        NodeScript.ensureNodeModules();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = DemoServer.start("--port", String.valueOf(port));

        NodeScript.Result run = NodeScript.run("protobuf.mjs", List.of("http://127.0.0.1:" + port), Duration.ofSeconds(60));
        String resultLine = run.line();
        System.out.println("protobuf.mjs: " + resultLine);
        JsonNode result = run.json();
        assertThat(result.has("timedOut")).as("script timed out: %s", resultLine).isFalse();
        assertThat(result.has("crashed")).as("script crashed: %s", resultLine).isFalse();
        for (JsonNode step : result.path("steps")) {
            assertThat(step.path("ok").asBoolean()).as("step '%s': %s", step.path("name").asText(), step).isTrue();
        }
        assertThat(result.path("steps")).hasSize(5);

        assertThat(step(result, "connect both").toString()).isEqualTo("[\"\",\"centrifuge-protobuf\"]");
        JsonNode http = step(result, "HTTP publish reaches both");
        assertThat(http.path("protobuf").asText()).isEqualTo("{\"from\":\"http\"}");
        assertThat(http.path("json").asText()).isEqualTo("{\"from\":\"http\"}");
        JsonNode fromProtobuf = step(result, "Protobuf client publish reaches the JSON client");
        assertThat(fromProtobuf.path("data").asText()).isEqualTo("{\"from\":\"protobuf-js\"}");
        assertThat(fromProtobuf.path("client").asText()).isNotBlank();
        JsonNode presence = step(result, "presence through the Protobuf client");
        assertThat(presence.path("clients").asInt()).isEqualTo(2);
        assertThat(presence.path("numClients").asInt()).isEqualTo(2);
    }

}
