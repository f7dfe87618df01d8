package dev.heliograph.live.protocol;

/** A malformed command; the session closes with 3501 and {@link #getMessage()} as the reason. */
final class BadRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        super(message, null, false, false);
    }
}
