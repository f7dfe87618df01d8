package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The in-memory {@link FrameCache} of {@link LocalHub}: the last frame of each managed-stream
 * channel and a minute rate per channel, bounded two ways. An entry expires {@code ttl} after its
 * last update (as the Redis engine's keys do), and at most {@code maxEntries} channels are kept:
 * a new channel beyond that drops the least recently updated one (logged once per cache). So
 * pushing to ever new measurements cannot grow memory without end.
 *
 * <p>Entries are kept in order of last update, so expired ones sit at the head and are purged
 * by whichever call comes next (no background thread); each is removed once.
 *
 * <p>Thread-safe: called from push threads (update), subscribe handling (get) and the list API;
 * one lock, held for a map operation and a schema comparison ({@link #list} walks every entry).
 */
final class LocalFrameCache implements FrameCache {
    private static final System.Logger LOG = System.getLogger(LocalFrameCache.class.getName());

    /** One channel's last frame, when it was stored, and its rate; guarded by the cache's lock. */
    private static final class Entry {
        @SuppressWarnings("NullAway.Init") // set right after the entry is created, under the same lock
        CachedFrame frame;
        long updatedAtMillis;
        final MinuteRate rate = new MinuteRate();
    }

    /** In order of last update: {@link #update} removes and re-inserts. */
    private final LinkedHashMap<OrgChannel, Entry> entries = new LinkedHashMap<>();
    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;
    private boolean evictionLogged;

    LocalFrameCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
    }

    @Override
    public boolean update(OrgChannel channel, CachedFrame frame) {
        requireNonNull(channel, "channel");
        requireNonNull(frame, "frame");
        synchronized (this) {
            long now = clock.millis(); // read under the lock, so entries stay in order of update time
            purgeExpired(now);
            Entry entry = entries.remove(channel);
            boolean changed;
            if (entry == null || expired(entry, now)) {
                entry = new Entry();
                changed = true;
            } else {
                changed = !Arrays.equals(entry.frame.schema().unsafeBytes(), frame.schema().unsafeBytes());
            }
            entry.frame = frame;
            entry.updatedAtMillis = now;
            entry.rate.mark(now);
            entries.put(channel, entry);
            if (entries.size() > maxEntries) {
                evictLeastRecentlyUpdated();
            }
            return changed;
        }
    }

    @Override
    public Optional<CachedFrame> get(OrgChannel channel) {
        requireNonNull(channel, "channel");
        long now = clock.millis();
        synchronized (this) {
            purgeExpired(now);
            Entry entry = entries.get(channel);
            return entry == null || expired(entry, now) ? Optional.empty() : Optional.of(entry.frame);
        }
    }

    @Override
    public List<ManagedChannel> list(long orgId) {
        long now = clock.millis();
        List<ManagedChannel> result = new ArrayList<>();
        synchronized (this) {
            purgeExpired(now);
            entries.forEach((channel, entry) -> {
                if (channel.orgId() == orgId && !expired(entry, now)) {
                    result.add(new ManagedChannel(channel.channel(), entry.rate.perMinute(now), entry.frame.schema()));
                }
            });
        }
        result.sort(Comparator.comparing(m -> m.channel().toString()));
        return result;
    }

    private boolean expired(Entry entry, long now) {
        return now - entry.updatedAtMillis >= ttlMillis;
    }

    /** Drops expired entries from the head (the least recently updated) until a live one. */
    private void purgeExpired(long now) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext() && expired(it.next(), now)) {
            it.remove();
        }
    }

    private void evictLeastRecentlyUpdated() {
        Iterator<OrgChannel> it = entries.keySet().iterator();
        OrgChannel dropped = it.next();
        it.remove();
        if (!evictionLogged) {
            evictionLogged = true;
            LOG.log(System.Logger.Level.WARNING, () -> "the frame cache holds its maximum of " + maxEntries
                    + " channels: the least recently updated ones are dropped from now on (first: " + dropped
                    + "); raise LocalHub.Builder.maxCachedFrames if that many managed streams are live");
        }
    }

    /** Entries held, expired ones not yet purged included; for tests. */
    synchronized int size() {
        return entries.size();
    }

    synchronized void clear() {
        entries.clear();
    }
}
