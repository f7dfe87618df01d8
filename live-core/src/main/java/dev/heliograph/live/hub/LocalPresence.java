package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link Presence} of {@link LocalHub}. Every entry carries a deadline
 * ({@code now + ttl}, pushed forward by each {@link #add}); expired entries are invisible and
 * are purged when their channel is read or written, and by a sweep of all channels at most once
 * per TTL, run by whichever caller comes first (no background thread). Thread-safe.
 */
final class LocalPresence implements Presence {

    private record Entry(ClientInfo info, long expiresAtMillis) {}

    private final ConcurrentHashMap<OrgChannel, ConcurrentHashMap<String, Entry>> channels =
            new ConcurrentHashMap<>();
    private final Clock clock;
    private final long ttlMillis;
    private volatile long nextSweepMillis;

    LocalPresence(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.nextSweepMillis = clock.millis() + ttlMillis;
    }

    @Override
    public void add(OrgChannel channel, ClientInfo info) {
        requireNonNull(channel, "channel");
        requireNonNull(info, "info");
        long now = clock.millis();
        Entry entry = new Entry(info, now + ttlMillis);
        // put inside compute: a concurrent remove/purge may drop an emptied map from `channels`
        channels.compute(channel, (k, clients) -> {
            ConcurrentHashMap<String, Entry> c = clients != null ? clients : new ConcurrentHashMap<>();
            c.put(entry.info().client(), entry);
            return c;
        });
        sweepIfDue(now);
    }

    @Override
    public void remove(OrgChannel channel, String clientId) {
        requireNonNull(channel, "channel");
        requireNonNull(clientId, "clientId");
        channels.computeIfPresent(channel, (k, clients) -> {
            clients.remove(clientId);
            return clients.isEmpty() ? null : clients;
        });
    }

    @Override
    public Map<String, ClientInfo> list(OrgChannel channel) {
        requireNonNull(channel, "channel");
        Map<String, ClientInfo> live = new HashMap<>();
        forLive(channel, e -> live.put(e.info().client(), e.info()));
        return live;
    }

    @Override
    public PresenceStats stats(OrgChannel channel) {
        requireNonNull(channel, "channel");
        Set<String> users = new HashSet<>();
        int[] clients = new int[1];
        forLive(channel, e -> {
            clients[0]++;
            users.add(e.info().user());
        });
        return new PresenceStats(clients[0], users.size());
    }

    private void forLive(OrgChannel channel, java.util.function.Consumer<Entry> action) {
        ConcurrentHashMap<String, Entry> clients = channels.get(channel);
        if (clients == null) {
            return;
        }
        long now = clock.millis();
        boolean expired = false;
        for (Entry e : clients.values()) {
            if (e.expiresAtMillis() > now) {
                action.accept(e);
            } else {
                expired = true;
            }
        }
        if (expired) {
            purge(channel, now);
        }
        sweepIfDue(now);
    }

    private void purge(OrgChannel channel, long now) {
        channels.computeIfPresent(channel, (k, clients) -> {
            clients.values().removeIf(e -> e.expiresAtMillis() <= now);
            return clients.isEmpty() ? null : clients;
        });
    }

    private void sweepIfDue(long now) {
        if (now < nextSweepMillis) {
            return;
        }
        nextSweepMillis = now + ttlMillis;
        for (OrgChannel channel : channels.keySet()) {
            purge(channel, now);
        }
    }

    /** Channels with at least one entry, live or not yet purged; for tests. */
    int channelCount() {
        return channels.size();
    }

    void clear() {
        channels.clear();
    }
}
