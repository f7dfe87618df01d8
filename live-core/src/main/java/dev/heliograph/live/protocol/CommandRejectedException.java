package dev.heliograph.live.protocol;

import dev.heliograph.live.LiveException;

/**
 * Thrown by a host hook ({@link RpcMethod}, {@link RefreshHandler}) to answer the client's
 * command with an error reply instead of a result. Applications use codes 400-1999; the
 * protocol's own codes (100-112) keep their meaning for the client (109 "token expired" makes
 * it refresh, {@code temporary} makes it retry).
 */
public final class CommandRejectedException extends LiveException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final boolean temporary;

    /**
     * @param code    the error code sent to the client
     * @param message the error message sent to the client as it is
     */
    public CommandRejectedException(int code, String message) {
        this(code, message, false);
    }

    public CommandRejectedException(int code, String message, boolean temporary) {
        super(message);
        if (code <= 0) {
            throw new IllegalArgumentException("error code must be positive, got " + code);
        }
        this.code = code;
        this.temporary = temporary;
    }

    public int code() {
        return code;
    }

    public boolean temporary() {
        return temporary;
    }
}
