package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link FrameCache} of {@link LocalHub}: the last frame of each managed-stream
 * channel, kept for the life of the hub, and a minute rate per channel. Thread-safe; updates of
 * one channel are atomic (one {@link ConcurrentHashMap#compute} each).
 */
final class LocalFrameCache implements FrameCache {

    /** One channel's last frame and rate; {@code frame} is replaced under the map's lock. */
    private static final class Entry {
        volatile CachedFrame frame;
        final MinuteRate rate = new MinuteRate();
    }

    private final ConcurrentHashMap<OrgChannel, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    LocalFrameCache(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean update(OrgChannel channel, CachedFrame frame) {
        requireNonNull(channel, "channel");
        requireNonNull(frame, "frame");
        boolean[] changed = new boolean[1];
        long now = clock.millis();
        entries.compute(channel, (key, entry) -> {
            if (entry == null) {
                entry = new Entry();
                changed[0] = true;
            } else {
                changed[0] = !Arrays.equals(
                        entry.frame.schema().unsafeBytes(), frame.schema().unsafeBytes());
            }
            entry.frame = frame;
            entry.rate.mark(now);
            return entry;
        });
        return changed[0];
    }

    @Override
    public Optional<CachedFrame> get(OrgChannel channel) {
        requireNonNull(channel, "channel");
        Entry entry = entries.get(channel);
        return entry == null ? Optional.empty() : Optional.of(entry.frame);
    }

    @Override
    public List<ManagedChannel> list(long orgId) {
        long now = clock.millis();
        List<ManagedChannel> result = new ArrayList<>();
        entries.forEach((channel, entry) -> {
            if (channel.orgId() == orgId) {
                result.add(new ManagedChannel(channel.channel(), entry.rate.perMinute(now), entry.frame.schema()));
            }
        });
        result.sort(Comparator.comparing(m -> m.channel().toString()));
        return result;
    }

    void clear() {
        entries.clear();
    }
}
