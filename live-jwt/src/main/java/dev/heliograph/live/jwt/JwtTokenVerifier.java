package dev.heliograph.live.jwt;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.protocol.ConnectToken;
import dev.heliograph.live.protocol.InvalidTokenException;
import dev.heliograph.live.protocol.SubscriptionToken;
import dev.heliograph.live.protocol.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Verifies Centrifugo-style JWT connection and subscription tokens signed with HS256, RS256 or
 * ES256; give it to {@code LiveNode.Builder.tokenVerifier}.
 *
 * <p>Both kinds: the signature with one of the configured keys and its algorithm (others are
 * refused), {@code exp} (optional; passed means "expired", error 109 / close 3005), {@code nbf}
 * (optional), and {@code iss}/{@code aud} when configured. A connection token has {@code sub}
 * (the user id) and no {@code channel}; the user's login, org and role come from the claims
 * {@code login}/{@code name}, {@code org_id} and {@code role} ({@link UserClaims}). A subscription
 * token has {@code sub} and {@code channel} (the channel's wire name, {@code 1/grafana/...}).
 *
 * <p>Immutable; called on the connections' command threads, concurrently.
 */
public final class JwtTokenVerifier implements TokenVerifier {
    /** The subscription token's channel claim (Centrifugo's name). */
    public static final String CHANNEL = "channel";

    private final SignatureCheck signature;
    private final UserClaims userClaims;
    private final @Nullable String issuer;
    private final @Nullable String audience;
    private final Duration clockSkew;
    private final Clock clock;

    private JwtTokenVerifier(Builder b) {
        this.signature = new SignatureCheck(b.verifiers);
        this.userClaims = new UserClaims(b.defaultOrgId, b.defaultRole);
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.clockSkew = b.clockSkew;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ConnectToken verifyConnect(String token) throws InvalidTokenException {
        JWTClaimsSet claims = verifiedClaims(token);
        if (claims.getClaim(CHANNEL) != null) {
            throw InvalidTokenException.invalid("a subscription token (it has 'channel') cannot connect");
        }
        return new ConnectToken(userClaims.user(claims), expiry(claims));
    }

    @Override
    public SubscriptionToken verifySubscription(String token) throws InvalidTokenException {
        JWTClaimsSet claims = verifiedClaims(token);
        String sub = claims.getSubject();
        if (sub == null || sub.isEmpty()) {
            throw InvalidTokenException.invalid("no 'sub' claim (the user id)");
        }
        String channel;
        try {
            channel = claims.getStringClaim(CHANNEL);
        } catch (ParseException e) {
            throw InvalidTokenException.invalid("'channel' is not a string");
        }
        if (channel == null || channel.isEmpty()) {
            throw InvalidTokenException.invalid("no 'channel' claim");
        }
        return new SubscriptionToken(sub, channel, expiry(claims));
    }

    /** Parses, checks the signature, then exp, nbf, iss and aud; the claims of a valid token. */
    private JWTClaimsSet verifiedClaims(String token) throws InvalidTokenException {
        requireNonNull(token, "token");
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw InvalidTokenException.invalid("not a signed JWT: " + e.getMessage());
        }
        signature.verify(jwt);
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp != null && !now.isBefore(exp.toInstant().plus(clockSkew))) {
            throw InvalidTokenException.expired("expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(clockSkew).isBefore(nbf.toInstant())) {
            throw InvalidTokenException.invalid("not valid before " + nbf.toInstant());
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw InvalidTokenException.invalid("issuer is " + claims.getIssuer() + ", expected " + issuer);
        }
        if (audience != null) {
            List<String> aud = claims.getAudience();
            if (aud == null || !aud.contains(audience)) {
                throw InvalidTokenException.invalid("audience is " + aud + ", expected " + audience);
            }
        }
        return claims;
    }

    private static @Nullable Instant expiry(JWTClaimsSet claims) {
        Date exp = claims.getExpirationTime();
        return exp == null ? null : exp.toInstant();
    }

    /** Builds a {@link JwtTokenVerifier}; at least one key. Not thread-safe. */
    public static final class Builder {
        private final Map<JWSAlgorithm, JWSVerifier> verifiers = new LinkedHashMap<>();
        private long defaultOrgId;
        private LiveUser.Role defaultRole = LiveUser.Role.VIEWER;
        private @Nullable String issuer;
        private @Nullable String audience;
        private Duration clockSkew = Duration.ZERO;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Accepts HS256 tokens signed with {@code secret} (at least 32 bytes, as RFC 7518 requires). */
        public Builder hs256Secret(byte[] secret) {
            requireNonNull(secret, "secret");
            if (secret.length < 32) {
                throw new IllegalArgumentException("an HS256 secret must have at least 32 bytes (256 bits), got "
                        + secret.length);
            }
            try {
                verifiers.put(JWSAlgorithm.HS256, new MACVerifier(secret.clone()));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("unusable HS256 secret: " + e.getMessage(), e);
            }
            return this;
        }

        /** {@link #hs256Secret(byte[])} with the secret's UTF-8 bytes. */
        public Builder hs256Secret(String secret) {
            return hs256Secret(requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
        }

        /** Accepts RS256 tokens signed with the private half of {@code key} (at least 2048 bits). */
        public Builder rs256Key(RSAPublicKey key) {
            requireNonNull(key, "key");
            if (key.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("an RS256 key must have at least 2048 bits, got "
                        + key.getModulus().bitLength());
            }
            verifiers.put(JWSAlgorithm.RS256, new RSASSAVerifier(key));
            return this;
        }

        /** Accepts ES256 tokens signed with the private half of {@code key} (curve P-256). */
        public Builder es256Key(ECPublicKey key) {
            requireNonNull(key, "key");
            if (!Curve.P_256.equals(Curve.forECParameterSpec(key.getParams()))) {
                throw new IllegalArgumentException("an ES256 key must be on curve P-256");
            }
            try {
                verifiers.put(JWSAlgorithm.ES256, new ECDSAVerifier(key));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("unusable ES256 key: " + e.getMessage(), e);
            }
            return this;
        }

        /** The org of connection tokens without {@code org_id}; without it the claim is required. */
        public Builder defaultOrgId(long orgId) {
            if (orgId <= 0) {
                throw new IllegalArgumentException("defaultOrgId must be positive, got " + orgId);
            }
            this.defaultOrgId = orgId;
            return this;
        }

        /** The role of connection tokens without {@code role} (default Viewer). */
        public Builder defaultRole(LiveUser.Role role) {
            this.defaultRole = requireNonNull(role, "role");
            return this;
        }

        /** Requires {@code iss} to be {@code issuer}. */
        public Builder issuer(String issuer) {
            this.issuer = requireNonNull(issuer, "issuer");
            return this;
        }

        /** Requires {@code aud} to hold {@code audience}. */
        public Builder audience(String audience) {
            this.audience = requireNonNull(audience, "audience");
            return this;
        }

        /** Leeway for {@code exp} and {@code nbf} between the token issuer's clock and ours (default none). */
        public Builder clockSkew(Duration skew) {
            requireNonNull(skew, "skew");
            if (skew.isNegative()) {
                throw new IllegalArgumentException("clockSkew must not be negative, got " + skew);
            }
            this.clockSkew = skew;
            return this;
        }

        /** The clock for {@code exp} and {@code nbf} (tests). */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public JwtTokenVerifier build() {
            if (verifiers.isEmpty()) {
                throw new IllegalArgumentException("give at least one key: hs256Secret, rs256Key or es256Key");
            }
            return new JwtTokenVerifier(this);
        }
    }
}
