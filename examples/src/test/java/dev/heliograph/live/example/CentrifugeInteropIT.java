package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The official {@code centrifuge} JavaScript client (npm, Node 20 + {@code ws}) against the demo
 * server started in this JVM: {@code src/test/js/interop.mjs} does the talking and prints its
 * findings as JSON. Needs {@code node} and {@code npm} on the PATH: without them this test fails
 * (it must not pass silently in CI).
 */
@DisplayName("The official centrifuge JS client against the demo server")
class CentrifugeInteropIT {
    private static final Path JS = Path.of("src/test/js");
    private static final int PING_SECONDS = 3;
    private static final int MAX_CONNECTIONS = 3;

    private DemoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static DemoServer startServer(int port) throws Exception {
        return DemoServer.start("--port", String.valueOf(port), "--ping-interval", String.valueOf(PING_SECONDS),
                "--max-connections", String.valueOf(MAX_CONNECTIONS));
    }

    @Test
    @DisplayName("connects, subscribes, receives, publishes, sees presence, is refused where it should be, and reconnects after a restart")
    void interop() throws Exception {
        ensureNodeModules();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = startServer(port);

        Process node = new ProcessBuilder("node", "interop.mjs", "http://127.0.0.1:" + port,
                String.valueOf(PING_SECONDS), String.valueOf(MAX_CONNECTIONS))
                .directory(JS.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String resultLine = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.equals("RESTART")) {
                    server.close();
                    server = startServer(port);
                } else if (line.startsWith("RESULT ")) {
                    resultLine = line.substring(7);
                }
            }
        }
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node exits").isTrue();
        assertThat(resultLine).as("the script's result line; output was %s", output).isNotNull();
        JsonNode result = new ObjectMapper().readTree(resultLine);
        assertThat(result.has("timedOut")).as("script timed out: %s", resultLine).isFalse();
        for (JsonNode step : result.path("steps")) {
            assertThat(step.path("ok").asBoolean()).as("step '%s': %s", step.path("name").asText(), step).isTrue();
        }
        assertThat(node.exitValue()).isZero();

        assertThat(value(result, "connect with Basic auth").asText()).isNotBlank();
        assertThat(value(result, "connect with auth_token").asText()).isNotBlank();
        assertThat(value(result, "receive an HTTP publish").path("status").asInt()).isEqualTo(200);
        assertThat(value(result, "receive an HTTP publish").path("body").asText()).isEqualTo("{}");
        assertThat(value(result, "client publish reaches the other client").path("text").asText()).isEqualTo("hi");
        JsonNode presence = value(result, "presence");
        assertThat(presence.path("numClients").asInt()).isEqualTo(2);
        assertThat(presence.path("numUsers").asInt()).isEqualTo(1);
        assertThat(presence.path("clients")).hasSize(2);
        assertThat(value(result, "wrong org prefix").asInt()).isEqualTo(103);
        assertThat(value(result, "invalid channel").asInt()).isEqualTo(400);
        assertThat(value(result, "bad origin upgrade").asInt()).isEqualTo(403);
        assertThat(value(result, "no credentials upgrade").asInt()).isEqualTo(401);
        assertThat(value(result, "over max_connections").asInt()).isEqualTo(3504);
        JsonNode idle = value(result, "stay connected across two pings");
        assertThat(idle.path("state").asText()).isEqualTo("connected");
        assertThat(idle.path("disconnects").asInt()).as("no disconnect while idle: %s", idle).isZero();
        assertThat(idle.path("connectingCodes")).as("only the initial connect: %s", idle).hasSize(1);
        assertThat(value(result, "reconnect after a server restart").path("reconnects").asInt()).isGreaterThanOrEqualTo(1);
    }

    private static JsonNode value(JsonNode result, String step) {
        for (JsonNode s : result.path("steps")) {
            if (s.path("name").asText().equals(step)) {
                return s.path("value");
            }
        }
        throw new AssertionError("no step '" + step + "' in " + result);
    }

    /** Installs the pinned client with {@code npm ci} when node_modules is missing. */
    private static void ensureNodeModules() throws IOException, InterruptedException {
        if (Files.isDirectory(JS.resolve("node_modules/centrifuge"))) {
            return;
        }
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(JS.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(new File("target/npm-ci.log"))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("npm is needed for this test (Node 20+ with npm on the PATH): " + e.getMessage(), e);
        }
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci finishes").isTrue();
        assertThat(npm.exitValue()).as("npm ci succeeded; see target/npm-ci.log").isZero();
    }
}
