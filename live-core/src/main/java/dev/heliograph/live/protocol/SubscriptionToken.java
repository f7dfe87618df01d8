package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a verified subscription token says: which user may subscribe to which channel, and until
 * when.
 *
 * @param subject   the user id the token was issued to (the connection's {@link dev.heliograph.live.LiveUser#id()})
 * @param channel   the channel's wire name, e.g. {@code 1/grafana/broadcast/private-room}
 * @param expiresAt when the subscription must have been refreshed; null for never
 */
public record SubscriptionToken(String subject, String channel, @Nullable Instant expiresAt) {

    public SubscriptionToken {
        requireNonNull(subject, "subject");
        requireNonNull(channel, "channel");
    }
}
