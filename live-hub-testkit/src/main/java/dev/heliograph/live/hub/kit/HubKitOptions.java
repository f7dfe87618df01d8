package dev.heliograph.live.hub.kit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What the {@link HubCompatibilityKit} asks of an engine it creates.
 *
 * @param presenceTtl how long presence entries live unless refreshed; short, so expiry can be
 *                    observed within a test
 * @param keyPrefix   unique per test: engines with a shared backend (Redis) put every key and
 *                    channel of the test under it, so tests can run side by side on one server
 */
public record HubKitOptions(Duration presenceTtl, String keyPrefix) {
    public HubKitOptions {
        requireNonNull(presenceTtl, "presenceTtl");
        requireNonNull(keyPrefix, "keyPrefix");
    }
}
