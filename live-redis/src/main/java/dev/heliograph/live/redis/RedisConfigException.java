package dev.heliograph.live.redis;

import dev.heliograph.live.LiveException;

/**
 * A Redis engine setting is wrong: an address that does not parse, a prefix with characters
 * Redis keys should not carry, a negative duration. The message names the setting, the
 * offending value and the accepted forms. Thrown by {@link RedisHub.Builder} and
 * {@link RedisAddress#parse}, never at run time.
 */
public final class RedisConfigException extends LiveException {
    private static final long serialVersionUID = 1L;

    public RedisConfigException(String message) {
        super(message);
    }
}
