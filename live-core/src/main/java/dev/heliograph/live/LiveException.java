package dev.heliograph.live;

/**
 * The root of every exception the library throws. Unchecked: a host can catch this one type
 * around any call into the library. Subclasses carry the detail (an invalid channel, an
 * engine that cannot reach its backend, a configuration error).
 */
public class LiveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LiveException(String message) {
        super(message);
    }

    public LiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
