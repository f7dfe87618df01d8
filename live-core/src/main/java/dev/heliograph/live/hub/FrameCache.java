package dev.heliograph.live.hub;

import dev.heliograph.live.channel.OrgChannel;
import java.util.List;
import java.util.Optional;

/**
 * The managed-stream frame cache: the last frame of each {@code stream/...} channel, shared by
 * all nodes when the engine is distributed. Entries live for the engine's frame TTL after their
 * last update (7 days by default, in Redis and in memory); the in-memory cache also keeps at most
 * a fixed number of channels, dropping the least recently updated.
 *
 * <p>Thread-safe. Calls may block on the backend and throw {@link HubUnavailableException}.
 */
public interface FrameCache {
    /**
     * Stores {@code frame} as the channel's last frame and counts one message in the channel's
     * minute rate, atomically.
     *
     * @return true when the schema changed: there was no entry, or its schema JSON differs byte
     *     for byte from {@code frame.schema()}
     */
    boolean update(OrgChannel channel, CachedFrame frame);

    /** The channel's last frame, if any. */
    Optional<CachedFrame> get(OrgChannel channel);

    /** The org's channels that have a cached frame, sorted by channel, with their minute rate. */
    List<ManagedChannel> list(long orgId);
}
