package dev.heliograph.live.protocol;

/**
 * A {@link TokenVerifier} refused a token. An {@linkplain #expired() expired} token gets error
 * 109 "token expired", on which the Centrifuge clients fetch a new token and try again; any other
 * refusal closes a connection with 3500 "invalid token" (connect, refresh) or answers 103
 * (subscribe, sub_refresh). The message is logged, never sent to the client.
 */
public final class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean expired;

    private InvalidTokenException(String message, boolean expired) {
        super(message);
        this.expired = expired;
    }

    /** A token that is malformed, badly signed, of an algorithm not accepted, or lacks a claim. */
    public static InvalidTokenException invalid(String message) {
        return new InvalidTokenException(message, false);
    }

    /** A well-signed token whose {@code exp} has passed. */
    public static InvalidTokenException expired(String message) {
        return new InvalidTokenException(message, true);
    }

    /** Whether the token was valid but expired (the client may fetch a new one). */
    public boolean expired() {
        return expired;
    }
}
