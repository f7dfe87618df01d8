package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The in-memory engine's channel history: one bounded ring per channel, offsets 1, 2, 3, ...
 * within an epoch (a random string made when the channel's stream is created). A stream lives
 * as long as its newest publication (or, created by a read, for {@code emptyStreamTtl}): it is
 * dropped when all its publications expired, or when a new channel needs room beyond
 * {@code maxStreams} (the least recently published one goes); its next publish starts a new
 * epoch. Memory is bounded by {@code maxStreams} x {@code maxSize} publications.
 *
 * <p>Called by {@link LocalHub} from publisher threads ({@link #append}), history readers
 * ({@link #read}) and its sweeper thread ({@link #sweep}). Thread-safe: each stream is guarded by
 * its own monitor, and {@link #append} delivers under it, so concurrent publishers of a channel
 * reach subscribers in offset order.
 */
final class LocalHistory {

    private final ConcurrentHashMap<OrgChannel, Stream> streams = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxSize;
    private final int maxStreams;
    private final long emptyStreamTtlMillis;

    LocalHistory(Clock clock, int maxSize, int maxStreams, long emptyStreamTtlMillis) {
        this.clock = requireNonNull(clock, "clock");
        this.maxSize = maxSize;
        this.maxStreams = maxStreams;
        this.emptyStreamTtlMillis = emptyStreamTtlMillis;
    }

    /**
     * Appends {@code publication} with the next offset of its channel, then hands the positioned
     * publication to {@code deliver} before any later append to the channel can. The options
     * replace the stream's size and TTL (last writer wins); the size is capped at {@code maxSize}.
     */
    StreamPosition append(Publication publication, HistoryOptions options, Consumer<Publication> deliver) {
        OrgChannel channel = publication.channel();
        long now = clock.millis();
        while (true) {
            Stream stream = streams.get(channel);
            if (stream == null) {
                makeRoom();
                stream = streams.computeIfAbsent(channel, c -> new Stream());
            }
            synchronized (stream) {
                if (stream.dropped) {
                    continue; // swept or evicted between get and lock: take the new one
                }
                stream.size = Math.min(options.size(), maxSize);
                stream.ttlMillis = options.ttl().toMillis();
                stream.lastPublish = now;
                StreamPosition position = new StreamPosition(++stream.top, stream.epoch);
                Publication positioned = publication.at(position);
                stream.entries.addLast(new Entry(positioned, now + stream.ttlMillis));
                while (stream.entries.size() > stream.size) {
                    stream.entries.removeFirst();
                }
                deliver.accept(positioned);
                return position;
            }
        }
    }

    /**
     * Reads the channel's stream. A channel without one gets an empty stream (top offset 0 in a
     * new epoch) kept for {@code emptyStreamTtl}, so the epoch a subscriber saw is the one the
     * next publications carry.
     */
    HistoryResult read(OrgChannel channel, HistoryQuery query) {
        long now = clock.millis();
        while (true) {
            Stream stream = streams.get(channel);
            if (stream == null) {
                makeRoom();
                stream = streams.computeIfAbsent(channel, c -> {
                    Stream created = new Stream();
                    created.lastPublish = now;
                    created.ttlMillis = emptyStreamTtlMillis;
                    return created;
                });
            }
            synchronized (stream) {
                if (!stream.dropped) {
                    return read(stream, query, now);
                }
            }
        }
    }

    private static HistoryResult read(Stream stream, HistoryQuery query, long now) {
        {
            StreamPosition top = new StreamPosition(stream.top, stream.epoch);
            if (query.limit() == 0) {
                return new HistoryResult(List.of(), top);
            }
            StreamPosition since = query.since() != null && query.since().sameEpoch(top) ? query.since() : null;
            List<Publication> out = new ArrayList<>();
            Iterator<Entry> it = query.reverse() ? stream.entries.descendingIterator() : stream.entries.iterator();
            while (it.hasNext() && (query.limit() < 0 || out.size() < query.limit())) {
                Entry e = it.next();
                if (e.expiresAt <= now) {
                    continue;
                }
                long offset = requireNonNull(e.publication.position(), "kept publications are positioned").offset();
                if (since != null && (query.reverse() ? offset >= since.offset() : offset <= since.offset())) {
                    continue;
                }
                out.add(e.publication);
            }
            return new HistoryResult(out, top);
        }
    }

    /** Drops expired publications, and streams left with none. Called by the sweeper thread. */
    void sweep() {
        long now = clock.millis();
        for (Map.Entry<OrgChannel, Stream> e : streams.entrySet()) {
            Stream stream = e.getValue();
            synchronized (stream) {
                while (!stream.entries.isEmpty() && stream.entries.peekFirst().expiresAt <= now) {
                    stream.entries.removeFirst();
                }
                if (stream.entries.isEmpty() && stream.lastPublish + stream.ttlMillis <= now) {
                    stream.dropped = true;
                    streams.remove(e.getKey(), stream);
                }
            }
        }
    }

    /** Channels with a stream now. */
    int streamCount() {
        return streams.size();
    }

    void clear() {
        streams.forEach((channel, stream) -> {
            synchronized (stream) {
                stream.dropped = true;
            }
        });
        streams.clear();
    }

    /** Evicts the least recently published stream while there are {@code maxStreams} or more. */
    private void makeRoom() {
        while (streams.size() >= maxStreams) {
            Map.Entry<OrgChannel, Stream> oldest = null;
            for (Map.Entry<OrgChannel, Stream> e : streams.entrySet()) {
                if (oldest == null || e.getValue().lastPublish < oldest.getValue().lastPublish) {
                    oldest = e;
                }
            }
            if (oldest == null) {
                return;
            }
            Stream stream = oldest.getValue();
            synchronized (stream) {
                stream.dropped = true;
                streams.remove(oldest.getKey(), stream);
            }
        }
    }

    private static String newEpoch() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** One channel's ring. Fields guarded by the stream's monitor. */
    private static final class Stream {
        final String epoch = newEpoch();
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        long top;
        int size;
        long ttlMillis;
        volatile long lastPublish;
        boolean dropped;
    }

    private record Entry(Publication publication, long expiresAt) {}
}
