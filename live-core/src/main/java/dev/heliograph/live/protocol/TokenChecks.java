package dev.heliograph.live.protocol;

import dev.heliograph.live.LiveUser;
import java.lang.System.Logger.Level;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ClientSession} answers to the tokens of connect, refresh, subscribe and
 * sub_refresh: runs the host's {@link TokenVerifier}, checks the token against the connection's
 * user and the channel, and turns a refusal into the Centrifuge answer (an error reply or a
 * close). Stateless; called on the connection's command thread.
 */
final class TokenChecks {
    private static final System.Logger LOG = System.getLogger(TokenChecks.class.getName());

    /** Error 109: the client fetches a new token and tries again. */
    static final ReplyError TOKEN_EXPIRED = new ReplyError(109, "token expired", false);
    /** A connect without a token on a connection whose upgrade named nobody; terminal. */
    static final Disconnect TOKEN_REQUIRED = new Disconnect(Disconnect.INVALID_TOKEN.code(), "connection token required");

    private TokenChecks() {}

    /**
     * A check's outcome: the value when accepted, else the error to reply or the close to do.
     *
     * @param value  the accepted token (connect, refresh) or expiry in epoch ms, 0 for never (subscription)
     * @param error  the error reply of a refusal that leaves the connection open, or null
     * @param close  the close of a refusal that ends the connection, or null
     */
    record Checked<T>(T value, @Nullable ReplyError error, @Nullable Disconnect close) {
        static <T> Checked<T> ok(T value) {
            return new Checked<>(value, null, null);
        }

        @SuppressWarnings("NullAway") // a refusal has no value; callers read value() only when accepted()
        static <T> Checked<T> error(ReplyError error) {
            return new Checked<>(null, error, null);
        }

        @SuppressWarnings("NullAway") // a refusal has no value; callers read value() only when accepted()
        static <T> Checked<T> close(Disconnect close) {
            return new Checked<>(null, null, close);
        }

        boolean accepted() {
            return error == null && close == null;
        }
    }

    /**
     * The connect token: 109 when expired (the connection stays connecting), a 3500 close when
     * invalid or naming another user than {@code transportUser} (null when the upgrade named none).
     */
    static Checked<ConnectToken> connect(TokenVerifier verifier, String token, LiveUser transportUser, String clientId) {
        Checked<ConnectToken> checked = verify(verifier, token, clientId, "connect");
        if (!checked.accepted()) {
            return checked.close() == Disconnect.EXPIRED ? Checked.error(TOKEN_EXPIRED) : checked;
        }
        ConnectToken verified = checked.value();
        if (transportUser != null && !transportUser.id().equals(verified.user().id())) {
            LOG.log(Level.INFO, () -> "client " + clientId + " of user " + transportUser.id()
                    + " sent a connection token of user " + verified.user().id());
            return Checked.close(Disconnect.INVALID_TOKEN);
        }
        if (verified.expiresAt() != null && verified.expiresAt().toEpochMilli() <= System.currentTimeMillis()) {
            return Checked.error(TOKEN_EXPIRED);
        }
        return checked;
    }

    /**
     * A refresh token: a 3005 close when expired (the client reconnects with a new token), 3500
     * when invalid or of another user than the connection's.
     */
    static Checked<ConnectToken> refresh(TokenVerifier verifier, String token, LiveUser user, String clientId) {
        Checked<ConnectToken> checked = verify(verifier, token, clientId, "refresh");
        if (checked.accepted() && !checked.value().user().id().equals(user.id())) {
            LOG.log(Level.INFO, () -> "client " + clientId + " of user " + user.id() + " refreshed with a token of user "
                    + checked.value().user().id());
            return Checked.close(Disconnect.INVALID_TOKEN);
        }
        if (checked.accepted() && checked.value().expiresAt() != null
                && checked.value().expiresAt().toEpochMilli() <= System.currentTimeMillis()) {
            return Checked.close(Disconnect.EXPIRED);
        }
        return checked;
    }

    /**
     * A subscribe or sub_refresh token for {@code channel} (its wire name): its expiry (epoch ms,
     * 0 for never); 103 when missing, invalid, or for another user or channel; 109 when expired.
     */
    static Checked<Long> subscription(TokenVerifier verifier, @Nullable String token, LiveUser user, @Nullable String channel,
            String clientId) {
        if (token == null || token.isEmpty()) {
            return Checked.error(new ReplyError(103, "permission denied: " + channel + " needs a subscription token", false));
        }
        SubscriptionToken verified;
        try {
            verified = verifier.verifySubscription(token);
        } catch (InvalidTokenException e) {
            if (e.expired()) {
                return Checked.error(TOKEN_EXPIRED);
            }
            LOG.log(Level.INFO, () -> "client " + clientId + " sent an invalid subscription token for " + channel + ": "
                    + e.getMessage());
            return Checked.error(ReplyError.PERMISSION_DENIED);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "token verifier failed on a subscription token of client " + clientId, e);
            return Checked.error(ReplyError.INTERNAL);
        }
        if (!verified.subject().equals(user.id()) || !verified.channel().equals(channel)) {
            LOG.log(Level.INFO, () -> "client " + clientId + " of user " + user.id() + " sent a subscription token for "
                    + verified.channel() + " of user " + verified.subject() + " to subscribe to " + channel);
            return Checked.error(ReplyError.PERMISSION_DENIED);
        }
        if (verified.expiresAt() == null) {
            return Checked.ok(0L);
        }
        long expiresAt = verified.expiresAt().toEpochMilli();
        return expiresAt <= System.currentTimeMillis() ? Checked.error(TOKEN_EXPIRED) : Checked.ok(expiresAt);
    }

    /** Whole seconds until {@code epochMillis}, at least 1: the client refreshes at this ttl, so never late. */
    static long ttlSeconds(long epochMillis) {
        return Math.max(1, (epochMillis - System.currentTimeMillis()) / 1000);
    }

    /** Runs the verifier on a connection token: expired maps to a 3005 close, invalid to 3500, a failure to 3004. */
    private static Checked<ConnectToken> verify(TokenVerifier verifier, String token, String clientId, String command) {
        try {
            return Checked.ok(verifier.verifyConnect(token));
        } catch (InvalidTokenException e) {
            if (e.expired()) {
                return Checked.close(Disconnect.EXPIRED);
            }
            LOG.log(Level.INFO, () -> "client " + clientId + " sent an invalid connection token with " + command + ": "
                    + e.getMessage());
            return Checked.close(Disconnect.INVALID_TOKEN);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "token verifier failed on " + command + " of client " + clientId, e);
            return Checked.close(Disconnect.INTERNAL);
        }
    }
}
