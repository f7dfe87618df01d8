package dev.heliograph.live.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.protocol.ConnectToken;
import dev.heliograph.live.protocol.InvalidTokenException;
import dev.heliograph.live.protocol.SubscriptionToken;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("JwtTokenVerifier")
class JwtTokenVerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
    private static final KeyPair RSA = keyPair("RSA");
    private static final KeyPair OTHER_RSA = keyPair("RSA");
    private static final KeyPair EC = keyPair("EC");
    private static final KeyPair OTHER_EC = keyPair("EC");

    /** One accepted algorithm: the signer of its key, and a signer of a key the verifier does not know. */
    record Alg(String name, JWSAlgorithm alg, JWSSigner signer, JWSSigner stranger) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Alg> algorithms() throws JOSEException {
        return Stream.of(
                new Alg("HS256", JWSAlgorithm.HS256, new MACSigner(SECRET), new MACSigner(OTHER_SECRET)),
                new Alg("RS256", JWSAlgorithm.RS256, new RSASSASigner(RSA.getPrivate()), new RSASSASigner(OTHER_RSA.getPrivate())),
                new Alg("ES256", JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) EC.getPrivate()),
                        new ECDSASigner((ECPrivateKey) OTHER_EC.getPrivate())));
    }

    private static JwtTokenVerifier.Builder allKeys() {
        return JwtTokenVerifier.builder()
                .hs256Secret(SECRET)
                .rs256Key((RSAPublicKey) RSA.getPublic())
                .es256Key((ECPublicKey) EC.getPublic())
                .clock(CLOCK);
    }

    private static final JwtTokenVerifier VERIFIER = allKeys().build();

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    @DisplayName("a good connection token names the user from sub, org_id, role and login, with its exp")
    void goodConnectToken(Alg a) throws Exception {
        String token = sign(a.alg, a.signer, c -> c.subject("42").claim("org_id", 7).claim("role", "Editor")
                .claim("login", "alice").expirationTime(Date.from(NOW.plusSeconds(60))));

        ConnectToken verified = VERIFIER.verifyConnect(token);

        assertThat(verified.user()).isEqualTo(new LiveUser("42", "alice", 7, LiveUser.Role.EDITOR));
        assertThat(verified.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    @DisplayName("a token signed with another key is invalid, not expired")
    void badSignature(Alg a) throws Exception {
        String token = sign(a.alg, a.stranger, c -> c.subject("42").claim("org_id", 1));

        assertInvalid(() -> VERIFIER.verifyConnect(token), "signature");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    @DisplayName("a token with a tampered payload is invalid")
    void tamperedPayload(Alg a) throws Exception {
        String token = sign(a.alg, a.signer, c -> c.subject("42").claim("org_id", 1).claim("role", "Viewer"));
        String forged = sign(a.alg, a.stranger, c -> c.subject("42").claim("org_id", 1).claim("role", "Admin"));
        String[] parts = token.split("\\.");
        String spliced = parts[0] + "." + forged.split("\\.")[1] + "." + parts[2];

        assertInvalid(() -> VERIFIER.verifyConnect(spliced), "signature");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    @DisplayName("a well-signed token past its exp is expired")
    void expired(Alg a) throws Exception {
        String token = sign(a.alg, a.signer, c -> c.subject("42").claim("org_id", 1)
                .expirationTime(Date.from(NOW.minusSeconds(1))));

        assertThatThrownBy(() -> VERIFIER.verifyConnect(token))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.expired()).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    @DisplayName("a token without sub is invalid")
    void missingSub(Alg a) throws Exception {
        String token = sign(a.alg, a.signer, c -> c.claim("org_id", 1));

        assertInvalid(() -> VERIFIER.verifyConnect(token), "'sub'");
        String subscription = sign(a.alg, a.signer, c -> c.claim("channel", "1/grafana/broadcast/x"));
        assertInvalid(() -> VERIFIER.verifySubscription(subscription), "'sub'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    @DisplayName("an algorithm the verifier was not given a key for is refused")
    void algorithmWithoutKey(Alg a) throws Exception {
        JwtTokenVerifier.Builder others = JwtTokenVerifier.builder().clock(CLOCK);
        if (a.alg != JWSAlgorithm.HS256) {
            others.hs256Secret(SECRET);
        }
        if (a.alg != JWSAlgorithm.RS256) {
            others.rs256Key((RSAPublicKey) RSA.getPublic());
        }
        if (a.alg != JWSAlgorithm.ES256) {
            others.es256Key((ECPublicKey) EC.getPublic());
        }
        String token = sign(a.alg, a.signer, c -> c.subject("42").claim("org_id", 1));

        assertInvalid(() -> others.build().verifyConnect(token), "not accepted");
    }

    @Test
    @DisplayName("an unsigned token (alg none) is refused")
    void algNone() {
        String token = new PlainJWT(new JWTClaimsSet.Builder().subject("42").claim("org_id", 1).build()).serialize();

        assertInvalid(() -> VERIFIER.verifyConnect(token), "not a signed JWT");
    }

    @Test
    @DisplayName("HS256 signed with the RSA public key (key confusion) is refused when only RS256 is configured")
    void keyConfusion() throws Exception {
        JwtTokenVerifier rsOnly = JwtTokenVerifier.builder().rs256Key((RSAPublicKey) RSA.getPublic()).clock(CLOCK).build();
        String token = sign(JWSAlgorithm.HS256, new MACSigner(RSA.getPublic().getEncoded()),
                c -> c.subject("42").claim("org_id", 1));

        assertInvalid(() -> rsOnly.verifyConnect(token), "HS256 is not accepted");
    }

    @Test
    @DisplayName("garbage is invalid, with a message saying so")
    void garbage() {
        assertInvalid(() -> VERIFIER.verifyConnect("not.a.jwt"), "not a signed JWT");
        assertInvalid(() -> VERIFIER.verifyConnect(""), "not a signed JWT");
    }

    @Nested
    @DisplayName("claims")
    class Claims {
        private final JWSSigner hs = hs();

        @Test
        @DisplayName("without org_id the default org applies, or the token is invalid when there is none")
        void defaultOrg() throws Exception {
            String token = sign(JWSAlgorithm.HS256, hs, c -> c.subject("42"));

            assertThat(allKeys().defaultOrgId(3).build().verifyConnect(token).user().orgId()).isEqualTo(3);
            assertInvalid(() -> VERIFIER.verifyConnect(token), "org_id");
        }

        @Test
        @DisplayName("without role the default role applies; login falls back to name, then sub; no exp never expires")
        void defaults() throws Exception {
            ConnectToken t = VERIFIER.verifyConnect(sign(JWSAlgorithm.HS256, hs, c -> c.subject("42").claim("org_id", "5")));
            assertThat(t.user()).isEqualTo(new LiveUser("42", "42", 5, LiveUser.Role.VIEWER));
            assertThat(t.expiresAt()).isNull();

            ConnectToken named = allKeys().defaultRole(LiveUser.Role.EDITOR).build()
                    .verifyConnect(sign(JWSAlgorithm.HS256, hs, c -> c.subject("42").claim("org_id", 5).claim("name", "Bob")));
            assertThat(named.user()).isEqualTo(new LiveUser("42", "Bob", 5, LiveUser.Role.EDITOR));
        }

        @Test
        @DisplayName("a bad org_id or role is invalid")
        void badClaims() throws Exception {
            assertInvalid(() -> VERIFIER.verifyConnect(sign(JWSAlgorithm.HS256, hs, c -> c.subject("1").claim("org_id", 0))),
                    "positive");
            assertInvalid(() -> VERIFIER.verifyConnect(sign(JWSAlgorithm.HS256, hs, c -> c.subject("1").claim("org_id", "x"))),
                    "not a number");
            assertInvalid(() -> VERIFIER.verifyConnect(sign(JWSAlgorithm.HS256, hs,
                    c -> c.subject("1").claim("org_id", 1).claim("role", "Owner"))), "'role'");
        }

        @Test
        @DisplayName("a subscription token gives sub, channel and exp, and cannot be used to connect")
        void subscriptionToken() throws Exception {
            String token = sign(JWSAlgorithm.HS256, hs, c -> c.subject("42").claim("channel", "1/grafana/broadcast/x")
                    .expirationTime(Date.from(NOW.plusSeconds(5))));

            assertThat(VERIFIER.verifySubscription(token))
                    .isEqualTo(new SubscriptionToken("42", "1/grafana/broadcast/x", NOW.plusSeconds(5)));
            assertInvalid(() -> VERIFIER.verifyConnect(token), "subscription token");
            assertInvalid(() -> VERIFIER.verifySubscription(sign(JWSAlgorithm.HS256, hs, c -> c.subject("42"))), "'channel'");
        }

        @Test
        @DisplayName("nbf, iss, aud and the clock skew are honoured")
        void registeredClaims() throws Exception {
            JwtTokenVerifier strict = allKeys().issuer("auth").audience("live").clockSkew(Duration.ofSeconds(5)).build();
            assertThat(strict.verifyConnect(sign(JWSAlgorithm.HS256, hs, c -> c.subject("1").claim("org_id", 1)
                    .issuer("auth").audience("live").expirationTime(Date.from(NOW.minusSeconds(2))))).user().id())
                    .as("expired 2 s ago, within the 5 s skew").isEqualTo("1");
            assertInvalid(() -> strict.verifyConnect(sign(JWSAlgorithm.HS256, hs, c -> c.subject("1").claim("org_id", 1)
                    .issuer("other").audience("live"))), "issuer");
            assertInvalid(() -> strict.verifyConnect(sign(JWSAlgorithm.HS256, hs, c -> c.subject("1").claim("org_id", 1)
                    .issuer("auth").audience("api"))), "audience");
            assertInvalid(() -> VERIFIER.verifyConnect(sign(JWSAlgorithm.HS256, hs, c -> c.subject("1").claim("org_id", 1)
                    .notBeforeTime(Date.from(NOW.plusSeconds(10))))), "not valid before");
        }
    }

    @Test
    @DisplayName("weak keys and no key at all are refused when building")
    void builderChecks() {
        assertThatThrownBy(() -> JwtTokenVerifier.builder().hs256Secret("short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> JwtTokenVerifier.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one key");
    }

    private static JWSSigner hs() {
        try {
            return new MACSigner(SECRET);
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.expired()).isFalse())
                .hasMessageContaining(message);
    }

    static String sign(JWSAlgorithm alg, JWSSigner signer, Consumer<JWTClaimsSet.Builder> claims) throws JOSEException {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
        claims.accept(b);
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), b.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static KeyPair keyPair(String algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
