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
 * JWT connection and subscription tokens with the official {@code centrifuge} JavaScript client
 * (Node 20 + {@code ws}) against the demo server started in this JVM with
 * {@code --jwt-hs256-secret}: {@code src/test/js/tokens.mjs} signs the tokens from
 * {@code getToken} with a {@value #TTL_SECONDS} s TTL, as a host's auth service would, and
 * prints what happened as JSON. Needs {@code node} and {@code npm} on the PATH.
 */
@DisplayName("JWT tokens with the official centrifuge JS client's getToken")
class CentrifugeTokensIT {
    private static final Path JS = Path.of("src/test/js");
    private static final String SECRET = "tokens-it-secret-0123456789abcdef";
    private static final int TTL_SECONDS = 3;

    private DemoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("refreshes keep connection and subscription alive across expiries; without new tokens they end with 3005 and 2501")
    void tokens() throws Exception {
        ensureNodeModules();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = DemoServer.start("--port", String.valueOf(port), "--jwt-hs256-secret", SECRET,
                "--token-expiry-grace", "1");

        Process node = new ProcessBuilder("node", "tokens.mjs", "http://127.0.0.1:" + port, SECRET,
                String.valueOf(TTL_SECONDS))
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
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node exits").isTrue();
        assertThat(resultLine).as("the script's result line; output was %s", output).isNotNull();
        System.out.println("tokens.mjs: " + resultLine);
        JsonNode result = new ObjectMapper().readTree(resultLine);
        assertThat(result.has("timedOut")).as("script timed out: %s", resultLine).isFalse();
        assertThat(result.has("crashed")).as("script crashed: %s", resultLine).isFalse();
        for (JsonNode step : result.path("steps")) {
            assertThat(step.path("ok").asBoolean()).as("step '%s': %s", step.path("name").asText(), step).isTrue();
        }
        assertThat(node.exitValue()).isZero();

        JsonNode cycle = value(result, "connection token refresh cycle");
        assertThat(cycle.path("calls").asInt()).as("getToken for connect and then each refresh: %s", cycle)
                .isGreaterThanOrEqualTo(4);
        assertThat(cycle.path("state").asText()).isEqualTo("connected");
        assertThat(cycle.path("connected").asInt()).as("never reconnected: %s", cycle).isEqualTo(1);
        assertThat(cycle.path("disconnects").asInt()).isZero();
        assertThat(cycle.path("connectingCodes")).as("only the initial connect: %s", cycle).hasSize(1);
        assertThat(cycle.path("publishStatus").asInt()).isEqualTo(200);

        JsonNode subCycle = value(result, "subscription token refresh cycle");
        assertThat(subCycle.path("calls").asInt()).as("sub getToken for subscribe and each sub_refresh: %s", subCycle)
                .isGreaterThanOrEqualTo(4);
        assertThat(subCycle.path("channels").get(0).asText()).isEqualTo("1/grafana/broadcast/private-room");
        assertThat(subCycle.path("subscribed").asInt()).as("never resubscribed: %s", subCycle).isEqualTo(1);
        assertThat(subCycle.path("subscribing")).as("only the initial subscribe: %s", subCycle).hasSize(1);
        assertThat(subCycle.path("connectionState").asText()).isEqualTo("connected");

        assertThat(value(result, "private channel without a subscription token").asInt()).isEqualTo(103);

        JsonNode subGone = value(result, "subscription whose getToken stops giving tokens");
        assertThat(subGone.path("code").asInt()).as("unsubscribe push 'subscription expired': %s", subGone).isEqualTo(2501);
        assertThat(subGone.path("connectionState").asText()).as("the connection stays").isEqualTo("connected");
        assertThat(subGone.path("connectionDisconnects").asInt()).isZero();

        JsonNode gone = value(result, "connection whose getToken stops giving tokens");
        assertThat(gone.path("code").asInt()).as("closed 'connection expired': %s", gone).isEqualTo(3005);

        assertThat(value(result, "connect with a token of another key").asInt()).as("invalid token").isEqualTo(3500);
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
    static void ensureNodeModules() throws IOException, InterruptedException {
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
