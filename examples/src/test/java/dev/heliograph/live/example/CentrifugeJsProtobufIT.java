package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private static final Path JS = Path.of("src/test/js");

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
        CentrifugeTokensIT.ensureNodeModules();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = DemoServer.start("--port", String.valueOf(port));

        Process node = new ProcessBuilder("node", "protobuf.mjs", "http://127.0.0.1:" + port)
                .directory(JS.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String resultLine = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("RESULT ")) {
                    resultLine = line.substring(7);
                }
            }
        }
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node exits").isTrue();
        assertThat(resultLine).as("the script's result line; output was %s", output).isNotNull();
        System.out.println("protobuf.mjs: " + resultLine);
        JsonNode result = new ObjectMapper().readTree(resultLine);
        assertThat(result.has("timedOut")).as("script timed out: %s", resultLine).isFalse();
        assertThat(result.has("crashed")).as("script crashed: %s", resultLine).isFalse();
        for (JsonNode step : result.path("steps")) {
            assertThat(step.path("ok").asBoolean()).as("step '%s': %s", step.path("name").asText(), step).isTrue();
        }
        assertThat(result.path("steps")).hasSize(5);

        assertThat(value(result, "connect both").toString()).isEqualTo("[\"\",\"centrifuge-protobuf\"]");
        JsonNode http = value(result, "HTTP publish reaches both");
        assertThat(http.path("protobuf").asText()).isEqualTo("{\"from\":\"http\"}");
        assertThat(http.path("json").asText()).isEqualTo("{\"from\":\"http\"}");
        JsonNode fromProtobuf = value(result, "Protobuf client publish reaches the JSON client");
        assertThat(fromProtobuf.path("data").asText()).isEqualTo("{\"from\":\"protobuf-js\"}");
        assertThat(fromProtobuf.path("client").asText()).isNotBlank();
        JsonNode presence = value(result, "presence through the Protobuf client");
        assertThat(presence.path("clients").asInt()).isEqualTo(2);
        assertThat(presence.path("numClients").asInt()).isEqualTo(2);
    }

    private static JsonNode value(JsonNode result, String step) {
        for (JsonNode s : result.path("steps")) {
            if (s.path("name").asText().equals(step)) {
                return s.path("value");
            }
        }
        throw new AssertionError("no step '" + step + "' in " + result);
    }
}
