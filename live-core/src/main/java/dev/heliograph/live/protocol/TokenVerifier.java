package dev.heliograph.live.protocol;

/**
 * The host's check of the tokens clients send in place of a cookie: the {@code token} of the
 * {@code connect} and {@code refresh} commands, and of {@code subscribe} and {@code sub_refresh}
 * for channels that need one ({@link dev.heliograph.live.LiveNode.Builder#subscriptionTokenRequired}). The
 * JWT implementation lives in the {@code live-jwt} module, so live-core needs no JOSE library.
 *
 * <p>Called by {@link ClientSession} on the connection's command thread, concurrently for
 * different connections: implementations must be thread-safe and should not block.
 */
public interface TokenVerifier {

    /**
     * Verifies a connection token.
     *
     * @throws InvalidTokenException when the token is malformed, badly signed, expired or lacks
     *         a claim the user needs
     */
    ConnectToken verifyConnect(String token) throws InvalidTokenException;

    /**
     * Verifies a subscription token; the session checks its subject and channel against the
     * connection's user and the channel subscribed.
     *
     * @throws InvalidTokenException when the token is malformed, badly signed or expired
     */
    SubscriptionToken verifySubscription(String token) throws InvalidTokenException;
}
