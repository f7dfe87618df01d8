package dev.heliograph.live.feature;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.handler.ChannelHandler;
import dev.heliograph.live.handler.HandlerStatus;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.hub.HistoryOptions;
import dev.heliograph.live.json.RawJson;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The built-in {@code grafana/broadcast/<path>} feature: any signed-in user of the org may
 * subscribe and publish; each channel's last message is kept on this node for a while (five
 * minutes by default) and returned as initial data to the next subscriber; presence and
 * join/leave are on. History is off unless the node was built with
 * {@link dev.heliograph.live.LiveNode.Builder#broadcastHistory}: then every publication is kept in
 * the channel's history (size and TTL as given) and subscriptions are positioned and recoverable.
 *
 * <p>Created by {@link dev.heliograph.live.LiveNode}; called from connection and request threads.
 * Thread-safe. Expired messages are dropped lazily, at most once per TTL, on publish.
 */
public final class BroadcastFeature implements ChannelHandler {
    /** How long a channel's last message is kept, as in Grafana. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<OrgChannel, Kept> lastMessages = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;
    private final HistoryOptions history;

    /** Keeps last messages for {@link #DEFAULT_TTL}. */
    public BroadcastFeature() {
        this(DEFAULT_TTL, System::nanoTime);
    }

    /**
     * @param ttl       how long a channel's last message stays available
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass
     *                  their own)
     */
    public BroadcastFeature(Duration ttl, LongSupplier nanoClock) {
        this(ttl, nanoClock, HistoryOptions.NONE);
    }

    /**
     * @param ttl       how long a channel's last message stays available
     * @param nanoClock a monotonic clock in nanoseconds
     * @param history   how publications are kept in channel history; {@link HistoryOptions#NONE}
     *                  for none (then subscriptions are not recoverable either)
     */
    public BroadcastFeature(Duration ttl, LongSupplier nanoClock, HistoryOptions history) {
        this.history = requireNonNull(history, "history");
        requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = requireNonNull(nanoClock, "nanoClock");
        this.nextSweep = new AtomicLong(nanoClock.getAsLong() + ttlNanos);
    }

    @Override
    public SubscribeReply onSubscribe(SubscribeEvent event) {
        Kept kept = lastMessages.get(event.channel());
        RawJson initial = kept != null && !kept.expired(nanoClock.getAsLong(), ttlNanos) ? kept.data : null;
        return new SubscribeReply(HandlerStatus.OK, initial, true, true, history.enabled());
    }

    @Override
    public PublishReply onPublish(PublishEvent event) {
        return new PublishReply(HandlerStatus.OK, event.data(), history);
    }

    /** Keeps the message as the channel's last one once the engine accepted it (a refused one is not kept). */
    @Override
    public void onPublished(PublishEvent event) {
        long now = nanoClock.getAsLong();
        lastMessages.put(event.channel(), new Kept(event.data(), now));
        sweepIfDue(now);
    }

    /** How many channels currently hold a last message (expired ones not yet swept included). */
    int keptCount() {
        return lastMessages.size();
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due >= 0 && nextSweep.compareAndSet(due, now + ttlNanos)) {
            lastMessages.values().removeIf(k -> k.expired(now, ttlNanos));
        }
    }

    private record Kept(RawJson data, long storedAt) {
        boolean expired(long now, long ttl) {
            return now - storedAt >= ttl;
        }
    }
}
