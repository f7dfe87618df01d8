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
 * JWT connection and subscription tokens with the official {@code centrifuge} JavaScript client
 * (Node 20 + {@code ws}) against the demo server started in this JVM with
 * {@code --jwt-hs256-secret}: {@code src/test/js/tokens.mjs} signs the tokens from
 * {@code getToken} with a {@value #TTL_SECONDS} s TTL, as a host's auth service would, and
 * prints what happened as JSON. Needs {@code node} and {@code npm} on the PATH.
 */
@DisplayName("JWT tokens with the official centrifuge JS client's getToken")
class CentrifugeTokensIT {
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
        NodeScript.ensureNodeModules();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = DemoServer.start("--port", String.valueOf(port), "--jwt-hs256-secret", SECRET,
                "--token-expiry-grace", "1");

        NodeScript.Result run = NodeScript.run("tokens.mjs", List.of("http://127.0.0.1:" + port, SECRET,
                String.valueOf(TTL_SECONDS)), Duration.ofSeconds(30));
        String resultLine = run.line();
        System.out.println("tokens.mjs: " + resultLine);
        JsonNode result = run.json();
        assertThat(result.has("timedOut")).as("script timed out: %s", resultLine).isFalse();
        assertThat(result.has("crashed")).as("script crashed: %s", resultLine).isFalse();
        for (JsonNode step : result.path("steps")) {
            assertThat(step.path("ok").asBoolean()).as("step '%s': %s", step.path("name").asText(), step).isTrue();
        }
        assertThat(run.exitValue()).isZero();

        JsonNode cycle = step(result, "connection token refresh cycle");
        assertThat(cycle.path("calls").asInt()).as("getToken for connect and then each refresh: %s", cycle)
                .isGreaterThanOrEqualTo(4);
        assertThat(cycle.path("state").asText()).isEqualTo("connected");
        assertThat(cycle.path("connected").asInt()).as("never reconnected: %s", cycle).isEqualTo(1);
        assertThat(cycle.path("disconnects").asInt()).isZero();
        assertThat(cycle.path("connectingCodes")).as("only the initial connect: %s", cycle).hasSize(1);
        assertThat(cycle.path("publishStatus").asInt()).isEqualTo(200);

        JsonNode subCycle = step(result, "subscription token refresh cycle");
        assertThat(subCycle.path("calls").asInt()).as("sub getToken for subscribe and each sub_refresh: %s", subCycle)
                .isGreaterThanOrEqualTo(4);
        assertThat(subCycle.path("channels").get(0).asText()).isEqualTo("1/grafana/broadcast/private-room");
        assertThat(subCycle.path("subscribed").asInt()).as("never resubscribed: %s", subCycle).isEqualTo(1);
        assertThat(subCycle.path("subscribing")).as("only the initial subscribe: %s", subCycle).hasSize(1);
        assertThat(subCycle.path("connectionState").asText()).isEqualTo("connected");

        assertThat(step(result, "private channel without a subscription token").asInt()).isEqualTo(103);

        JsonNode subGone = step(result, "subscription whose getToken stops giving tokens");
        assertThat(subGone.path("code").asInt()).as("unsubscribe push 'subscription expired': %s", subGone).isEqualTo(2501);
        assertThat(subGone.path("connectionState").asText()).as("the connection stays").isEqualTo("connected");
        assertThat(subGone.path("connectionDisconnects").asInt()).isZero();

        JsonNode gone = step(result, "connection whose getToken stops giving tokens");
        assertThat(gone.path("code").asInt()).as("closed 'connection expired': %s", gone).isEqualTo(3005);

        assertThat(step(result, "connect with a token of another key").asInt()).as("invalid token").isEqualTo(3500);
    }
}
