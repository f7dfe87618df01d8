package dev.heliograph.live.channel;

import dev.heliograph.live.LiveException;

/**
 * Thrown when a channel id breaks one of the channel rules. The message names the rule and the
 * offending character, position or length, so it can be shown to a user as it is.
 */
public final class InvalidChannelException extends LiveException {
    private static final long serialVersionUID = 1L;

    public InvalidChannelException(String message) {
        super(message);
    }
}
