package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heliograph.live.LiveNode;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.protocol.ConnectToken;
import dev.heliograph.live.protocol.InvalidTokenException;
import dev.heliograph.live.protocol.SubscriptionToken;
import dev.heliograph.live.protocol.TokenVerifier;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Connections authenticated by their connect token instead of the upgrade's credentials, on a
 * real container: with a {@link TokenVerifier} in the protocol settings, an upgrade the
 * {@link Authenticator} does not recognise is accepted and the connect token names the user.
 * Each container runs it through a small subclass. The verifier here maps the test users'
 * bearer tokens (live-jwt tests the JWT one).
 */
abstract class TokenUpgradeContractIT {

    protected abstract RunningServer start(Consumer<ServletContext> register) throws Exception;

    private static final TokenVerifier TEST_TOKENS = new TokenVerifier() {
        @Override
        public ConnectToken verifyConnect(String token) throws InvalidTokenException {
            return TestUsers.byToken(token).map(u -> new ConnectToken(u, null))
                    .orElseThrow(() -> InvalidTokenException.invalid("unknown token"));
        }

        @Override
        public SubscriptionToken verifySubscription(String token) throws InvalidTokenException {
            throw InvalidTokenException.invalid("no subscription tokens here");
        }
    };

    private LiveNode node;
    private RunningServer server;
    private WebSocketClient wsClient;
    private final List<LiveTestClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        node = LiveNode.builder().hub(new LocalHub()).tokenVerifier(TEST_TOKENS).build();
        server = start(ctx -> LiveServlets.register(ctx, node, TestUsers::authenticate));
        wsClient = new WebSocketClient();
        wsClient.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.forEach(LiveTestClient::close);
        wsClient.stop();
        server.close();
        node.close();
    }

    private LiveTestClient openWithoutCredentials() throws Exception {
        LiveTestClient c = new LiveTestClient();
        clients.add(c);
        LiveTestClient.open(wsClient, c, server.ws("/api/live/ws"), null, null).get(10, TimeUnit.SECONDS);
        return c;
    }

    @Test
    @DisplayName("an upgrade without credentials connects as the user its connect token names")
    void connectToken() throws Exception {
        LiveTestClient bob = openWithoutCredentials();
        JsonNode connected = bob.reply(bob.command("connect", "{\"token\":\"bob-token\"}"));
        assertThat(connected.path("connect").path("client").asText()).isNotBlank();
        bob.subscribe("1/grafana/broadcast/tokens");

        bob.reply(bob.command("publish", "{\"channel\":\"1/grafana/broadcast/tokens\",\"data\":{\"n\":1}}"));

        JsonNode pub = bob.awaitPublication("1/grafana/broadcast/tokens", d -> d.path("n").asInt() == 1);
        assertThat(pub.path("push").path("pub").path("info").path("user").asText()).isEqualTo(TestUsers.BOB.id());
    }

    @Test
    @DisplayName("such a connection is closed with 3500 when its connect has no token or an unknown one")
    void noToken() throws Exception {
        LiveTestClient anonymous = openWithoutCredentials();
        anonymous.command("connect", "{}");
        assertThat(anonymous.awaitCloseCode()).isEqualTo(3500);

        LiveTestClient forged = openWithoutCredentials();
        forged.command("connect", "{\"token\":\"forged\"}");
        assertThat(forged.awaitCloseCode()).isEqualTo(3500);
    }
}
