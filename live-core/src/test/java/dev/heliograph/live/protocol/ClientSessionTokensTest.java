package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.LiveUser;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Connection and subscription tokens through a {@link TokenVerifier}: the session's side
 * (claims to user, expiry, refresh, 3005, 2501). The verifier here reads plain
 * {@code key=value;...} tokens (live-jwt tests the JWT one); channels whose path starts with
 * {@code private} need a subscription token.
 */
@DisplayName("A client session with a token verifier")
class ClientSessionTokensTest {

    private SessionHarness harness = harness(Duration.ZERO);

    @AfterEach
    void close() {
        harness.close();
    }

    private static SessionHarness harness(Duration grace) {
        return SessionHarness.withHooks(n -> n.tokenVerifier(new PlainTokens())
                        .subscriptionTokenRequired(channel -> channel.channel().path().startsWith("private")),
                b -> b.tokenExpiryGrace(grace));
    }

    /** A token for user {@code id} of org 1 expiring {@code inMillis} from now (0: never). */
    private static String token(String id, long inMillis) {
        return "sub=" + id + (inMillis == 0 ? "" : ";exp=" + (System.currentTimeMillis() + inMillis));
    }

    private static String subToken(String id, String channel, long inMillis) {
        return token(id, inMillis) + ";channel=" + channel;
    }

    private static String connect(int id, String token) {
        return "{\"id\":" + id + ",\"connect\":{\"token\":\"" + token + "\"}}";
    }

    @Nested
    @DisplayName("on connect")
    class Connect {
        @Test
        @DisplayName("takes the user from the token when the upgrade had none, and says when it expires")
        void userFromToken() {
            SessionHarness.Client c = harness.client(null);
            String reply = c.call(connect(1, token("42", 60_000)));

            assertThat(reply).matches("\\{\"id\":1,\"connect\":\\{\"client\":\"" + c.id()
                    + "\",\"version\":\"1.0.0\",\"ping\":600,\"pong\":true,\"expires\":true,\"ttl\":(59|60)}}");
            assertThat(c.session.user()).isEqualTo(new LiveUser("42", "42", 1, LiveUser.Role.VIEWER));
        }

        @Test
        @DisplayName("without exp the connect reply has no expiry")
        void noExpiry() {
            SessionHarness.Client c = harness.client(null);
            assertThat(c.call(connect(1, token("42", 0)))).endsWith("\"pong\":true}}");
        }

        @Test
        @DisplayName("closes with 3500 without a token when the upgrade had no user")
        void tokenRequired() {
            SessionHarness.Client c = harness.client(null);
            c.send("{\"id\":1,\"connect\":{}}");
            c.awaitClosed(3500, "connection token required");
            assertThat(c.messages()).isEmpty();
        }

        @Test
        @DisplayName("closes with 3500 on an invalid token")
        void invalidToken() {
            SessionHarness.Client c = harness.client(null);
            c.send(connect(1, "garbage"));
            c.awaitClosed(3500, "invalid token");
        }

        @Test
        @DisplayName("answers 109 to an expired token and stays connecting, so a fresh token connects")
        void expiredToken() {
            SessionHarness.Client c = harness.client(null);
            assertThat(c.call(connect(1, token("42", -1000))))
                    .isEqualTo("{\"id\":1,\"error\":{\"code\":109,\"message\":\"token expired\"}}");
            assertThat(c.call(connect(2, token("42", 60_000)))).startsWith("{\"id\":2,\"connect\":");
        }

        @Test
        @DisplayName("closes with 3500 when the token names another user than the upgrade")
        void otherUser() {
            SessionHarness.Client c = harness.client(SessionHarness.USER);
            c.send(connect(1, token("99", 60_000)));
            c.awaitClosed(3500, "invalid token");
        }

        @Test
        @DisplayName("with the upgrade's user and no token connects as before, without expiry")
        void transportUser() {
            SessionHarness.Client c = harness.connected();
            assertThat(c.messages().get(0)).endsWith("\"pong\":true}}");
        }
    }

    @Nested
    @DisplayName("when the connection token expires")
    class ConnectionExpiry {
        @Test
        @DisplayName("closes with 3005 once the expiry (plus grace) passed without a refresh")
        void expires() {
            SessionHarness.Client c = harness.client(null);
            c.call(connect(1, token("42", 300)));
            c.awaitClosed(3005, "connection expired");
            assertThat(c.session.isReleased()).isTrue();
        }

        @Test
        @DisplayName("a refresh with a new token moves the expiry and answers the new ttl")
        void refreshExtends() throws Exception {
            SessionHarness.Client c = harness.client(null);
            c.call(connect(1, token("42", 400)));
            String reply = c.call("{\"id\":2,\"refresh\":{\"token\":\"" + token("42", 5_000) + "\"}}");
            assertThat(reply).matches("\\{\"id\":2,\"refresh\":\\{\"client\":\"" + c.id()
                    + "\",\"version\":\"1.0.0\",\"expires\":true,\"ttl\":[45]}}");
            Thread.sleep(800); // past the first expiry
            assertThat(c.transport.closeCode()).isNull();
            assertThat(c.session.isClosed()).isFalse();
        }

        @Test
        @DisplayName("the grace leaves time for a refresh sent right at the expiry")
        void grace() throws Exception {
            harness.close();
            harness = harness(Duration.ofMillis(600));
            SessionHarness.Client c = harness.client(null);
            c.call(connect(1, token("42", 200)));
            Thread.sleep(400); // expired, within the grace
            assertThat(c.call("{\"id\":2,\"refresh\":{\"token\":\"" + token("42", 60_000) + "\"}}"))
                    .startsWith("{\"id\":2,\"refresh\":");
            Thread.sleep(600);
            assertThat(c.transport.closeCode()).isNull();
        }

        @Test
        @DisplayName("a refresh with an expired token closes with 3005, with an invalid one or another user's with 3500")
        void badRefresh() {
            SessionHarness.Client a = harness.client(null);
            a.call(connect(1, token("42", 60_000)));
            a.send("{\"id\":2,\"refresh\":{\"token\":\"" + token("42", -1) + "\"}}");
            a.awaitClosed(3005, "connection expired");

            SessionHarness.Client b = harness.client(null);
            b.call(connect(1, token("42", 60_000)));
            b.send("{\"id\":2,\"refresh\":{\"token\":\"garbage\"}}");
            b.awaitClosed(3500, "invalid token");

            SessionHarness.Client d = harness.client(null);
            d.call(connect(1, token("42", 60_000)));
            d.send("{\"id\":2,\"refresh\":{\"token\":\"" + token("43", 60_000) + "\"}}");
            d.awaitClosed(3500, "invalid token");
        }
    }

    @Nested
    @DisplayName("on subscribe to a channel that needs a token")
    class Subscribe {
        private static final String PRIVATE = "1/test/ns/private-room";

        private String subscribe(int id, String channel, String token) {
            return "{\"id\":" + id + ",\"subscribe\":{\"channel\":\"" + channel + "\""
                    + (token == null ? "" : ",\"token\":\"" + token + "\"") + "}}";
        }

        @Test
        @DisplayName("answers 103 without a token, for another channel or another user, or an invalid one")
        void refused() {
            SessionHarness.Client c = harness.connected();
            assertThat(c.call(subscribe(2, PRIVATE, null))).isEqualTo("{\"id\":2,\"error\":{\"code\":103,"
                    + "\"message\":\"permission denied: " + PRIVATE + " needs a subscription token\"}}");
            String denied = "\"error\":{\"code\":103,\"message\":\"permission denied\"}}";
            assertThat(c.call(subscribe(3, PRIVATE, subToken("7", "1/test/ns/private-other", 60_000)))).endsWith(denied);
            assertThat(c.call(subscribe(4, PRIVATE, subToken("8", PRIVATE, 60_000)))).endsWith(denied);
            assertThat(c.call(subscribe(5, PRIVATE, "garbage"))).endsWith(denied);
            assertThat(c.session.channelCount()).isZero();
        }

        @Test
        @DisplayName("answers 109 to an expired token")
        void expired() {
            SessionHarness.Client c = harness.connected();
            assertThat(c.call(subscribe(2, PRIVATE, subToken("7", PRIVATE, -1))))
                    .isEqualTo("{\"id\":2,\"error\":{\"code\":109,\"message\":\"token expired\"}}");
        }

        @Test
        @DisplayName("subscribes with a good token and says when it expires; other channels need none")
        void subscribes() {
            SessionHarness.Client c = harness.connected();
            assertThat(c.call(subscribe(2, PRIVATE, subToken("7", PRIVATE, 60_000))))
                    .matches("\\{\"id\":2,\"subscribe\":\\{\"expires\":true,\"ttl\":(59|60)}}");
            assertThat(c.call(subscribe(3, "1/test/ns/public", null))).isEqualTo("{\"id\":3,\"subscribe\":{}}");
            assertThat(c.call(subscribe(4, "1/test/ns/private-forever", subToken("7", "1/test/ns/private-forever", 0))))
                    .isEqualTo("{\"id\":4,\"subscribe\":{}}");
        }

        @Test
        @DisplayName("ends the subscription with unsubscribe 2501 when it expires unrefreshed; the connection stays")
        void subscriptionExpires() {
            SessionHarness.Client c = harness.connected();
            c.call(subscribe(2, PRIVATE, subToken("7", PRIVATE, 300)));
            c.awaitMessages(3);
            assertThat(c.messages().get(2)).isEqualTo("{\"push\":{\"channel\":\"" + PRIVATE
                    + "\",\"unsubscribe\":{\"code\":2501,\"reason\":\"subscription expired\"}}}");
            assertThat(c.session.channelCount()).isZero();
            assertThat(c.session.isClosed()).isFalse();
        }

        @Test
        @DisplayName("sub_refresh with a new token moves the expiry; 108 for a channel not subscribed")
        void subRefresh() throws Exception {
            SessionHarness.Client c = harness.connected();
            c.call(subscribe(2, PRIVATE, subToken("7", PRIVATE, 400)));
            assertThat(c.call("{\"id\":3,\"sub_refresh\":{\"channel\":\"" + PRIVATE + "\",\"token\":\""
                    + subToken("7", PRIVATE, 5_000) + "\"}}")).matches("\\{\"id\":3,\"sub_refresh\":\\{\"expires\":true,\"ttl\":[45]}}");
            Thread.sleep(800);
            assertThat(c.messages()).hasSize(3);
            assertThat(c.session.channelCount()).isOne();
            assertThat(c.call("{\"id\":4,\"sub_refresh\":{\"channel\":\"1/test/ns/private-x\",\"token\":\"t\"}}"))
                    .isEqualTo("{\"id\":4,\"error\":{\"code\":108,\"message\":\"not available\"}}");
            assertThat(c.call("{\"id\":5,\"sub_refresh\":{\"channel\":\"" + PRIVATE + "\",\"token\":\""
                    + subToken("7", PRIVATE, -1) + "\"}}")).isEqualTo("{\"id\":5,\"error\":{\"code\":109,\"message\":\"token expired\"}}");
        }
    }

    @Test
    @DisplayName("settings refuse required subscription tokens without a verifier, and a session without user without one")
    void settingsChecks() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.heliograph.live.LiveNode.builder()
                        .subscriptionTokenRequired(ch -> true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenVerifier");
        try (SessionHarness plain = new SessionHarness()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.client(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("tokenVerifier");
        }
    }

    /** Reads {@code sub=..;exp=<epoch ms>;channel=..} tokens; anything without sub is invalid. */
    private static final class PlainTokens implements TokenVerifier {
        @Override
        public ConnectToken verifyConnect(String token) throws InvalidTokenException {
            Map<String, String> claims = parse(token);
            return new ConnectToken(new LiveUser(claims.get("sub"), claims.get("sub"), 1, LiveUser.Role.VIEWER), exp(claims));
        }

        @Override
        public SubscriptionToken verifySubscription(String token) throws InvalidTokenException {
            Map<String, String> claims = parse(token);
            if (!claims.containsKey("channel")) {
                throw InvalidTokenException.invalid("no channel");
            }
            return new SubscriptionToken(claims.get("sub"), claims.get("channel"), exp(claims));
        }

        private static Map<String, String> parse(String token) throws InvalidTokenException {
            Map<String, String> claims = new HashMap<>();
            for (String part : token.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    claims.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            if (!claims.containsKey("sub")) {
                throw InvalidTokenException.invalid("no sub");
            }
            Instant exp = exp(claims);
            if (exp != null && !exp.isAfter(Instant.now())) {
                throw InvalidTokenException.expired("expired");
            }
            return claims;
        }

        private static Instant exp(Map<String, String> claims) {
            String exp = claims.get("exp");
            return exp == null ? null : Instant.ofEpochMilli(Long.parseLong(exp));
        }
    }
}
