package dev.heliograph.live.example;

import static dev.heliograph.live.example.NodeScript.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        NodeScript.ensureNodeModules();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = startServer(port);

        NodeScript.Result run = NodeScript.run("interop.mjs", List.of("http://127.0.0.1:" + port,
                String.valueOf(PING_SECONDS), String.valueOf(MAX_CONNECTIONS)), Map.of(), Duration.ofSeconds(30),
                (line, stdin) -> {
                    if (line.equals("RESTART")) {
                        server.close();
                        server = startServer(port);
                    }
                });
        String resultLine = run.line();
        JsonNode result = run.json();
        assertThat(result.has("timedOut")).as("script timed out: %s", resultLine).isFalse();
        for (JsonNode step : result.path("steps")) {
            assertThat(step.path("ok").asBoolean()).as("step '%s': %s", step.path("name").asText(), step).isTrue();
        }
        assertThat(run.exitValue()).isZero();

        assertThat(step(result, "connect with Basic auth").asText()).isNotBlank();
        assertThat(step(result, "connect with auth_token").asText()).isNotBlank();
        assertThat(step(result, "receive an HTTP publish").path("status").asInt()).isEqualTo(200);
        assertThat(step(result, "receive an HTTP publish").path("body").asText()).isEqualTo("{}");
        assertThat(step(result, "client publish reaches the other client").path("text").asText()).isEqualTo("hi");
        JsonNode presence = step(result, "presence");
        assertThat(presence.path("numClients").asInt()).isEqualTo(2);
        assertThat(presence.path("numUsers").asInt()).isEqualTo(1);
        assertThat(presence.path("clients")).hasSize(2);
        assertThat(step(result, "wrong org prefix").asInt()).isEqualTo(103);
        assertThat(step(result, "invalid channel").asInt()).isEqualTo(400);
        assertThat(step(result, "bad origin upgrade").asInt()).isEqualTo(403);
        assertThat(step(result, "no credentials upgrade").asInt()).isEqualTo(401);
        assertThat(step(result, "over max_connections").asInt()).isEqualTo(3504);
        JsonNode idle = step(result, "stay connected across two pings");
        assertThat(idle.path("state").asText()).isEqualTo("connected");
        assertThat(idle.path("disconnects").asInt()).as("no disconnect while idle: %s", idle).isZero();
        assertThat(idle.path("connectingCodes")).as("only the initial connect: %s", idle).hasSize(1);
        assertThat(step(result, "reconnect after a server restart").path("reconnects").asInt()).isGreaterThanOrEqualTo(1);
    }
}
