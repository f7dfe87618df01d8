package dev.heliograph.live.hub;

import dev.heliograph.live.LiveException;

/**
 * The engine cannot reach its backend (Redis down, failing over). Temporary: the caller may
 * retry. HTTP maps it to 503; the protocol to error 100 with {@code temporary: true}.
 */
public final class HubUnavailableException extends LiveException {
    private static final long serialVersionUID = 1L;

    public HubUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public HubUnavailableException(String message) {
        super(message);
    }
}
