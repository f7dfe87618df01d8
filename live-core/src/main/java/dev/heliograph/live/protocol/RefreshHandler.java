package dev.heliograph.live.protocol;

import dev.heliograph.live.LiveUser;
import java.time.Duration;

/**
 * Checks a fresh connection token sent with the {@code refresh} command. Without one, refresh
 * is answered with error 108 (not available); the browser client never sends it unless the
 * connection was given an expiry. Not asked when the settings have a {@link TokenVerifier}: that
 * one gives connections their expiry from the connect token and checks refresh tokens itself.
 *
 * <p>Called on the connection's command thread; thread-safe.
 */
@FunctionalInterface
public interface RefreshHandler {
    /**
     * @return how long the connection stays valid with this token (positive)
     * @throws CommandRejectedException to refuse it (e.g. 109 "token expired")
     */
    Duration refresh(LiveUser user, String token);
}
