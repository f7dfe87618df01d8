package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveUser;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a verified connection token says: who connects, and until when.
 *
 * @param user      the user the token names
 * @param expiresAt when the connection must have been refreshed; null for never
 */
public record ConnectToken(LiveUser user, @Nullable Instant expiresAt) {

    public ConnectToken {
        requireNonNull(user, "user");
    }
}
