package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The in-memory reference engine: one node, no configuration ({@code new LocalHub()}). It is
 * the default engine and the one every other engine is compared with by the compatibility kit.
 *
 * <p><b>Delivery.</b> {@link #publish} and {@link #publishLocal} are the same here: the
 * publication is handed to a snapshot of the channel's subscribers, synchronously, on the
 * caller's thread; {@code publish} returns an already completed stage. Subscribers are kept
 * by a {@link LocalSubscriberRegistry}, which says what dispatch and unsubscribe promise: no
 * lock or allocation per subscriber when publishing, a subscriber that throws is logged and
 * skipped, nothing is delivered once {@link Subscription#close()} returns, and a channel's
 * entry is removed when its last subscriber leaves.
 *
 * <p><b>Presence and frames</b> live in memory with a TTL for presence (default
 * {@value #DEFAULT_PRESENCE_TTL_SECONDS} s) and no expiry for frames.
 *
 * <p>Thread-safe; {@link #close()} is idempotent and returns at once.
 */
public final class LocalHub implements Hub {

    /** The presence TTL when none is configured, in seconds. */
    public static final int DEFAULT_PRESENCE_TTL_SECONDS = 60;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final LocalSubscriberRegistry subscribers = new LocalSubscriberRegistry();
    private final LocalPresence presence;
    private final LocalFrameCache frameCache;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** An engine with the default presence TTL and the system clock. */
    public LocalHub() {
        this(builder());
    }

    private LocalHub(Builder builder) {
        this.presence = new LocalPresence(builder.clock, builder.presenceTtl);
        this.frameCache = new LocalFrameCache(builder.clock);
    }

    /** A builder for the few things that can be tuned: presence TTL and the clock. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<Void> publish(Publication publication) {
        publishLocal(publication);
        return DONE;
    }

    @Override
    public void publishLocal(Publication publication) {
        subscribers.dispatch(requireNonNull(publication, "publication"));
    }

    @Override
    public Subscription subscribe(OrgChannel channel, Subscriber subscriber) {
        return subscribers.add(channel, subscriber);
    }

    @Override
    public int localSubscriberCount(OrgChannel channel) {
        requireNonNull(channel, "channel");
        return subscribers.count(channel);
    }

    /** Channels that have at least one subscriber on this node. */
    public int channelCount() {
        return subscribers.channelCount();
    }

    @Override
    public Presence presence() {
        return presence;
    }

    @Override
    public FrameCache frameCache() {
        return frameCache;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscribers.close();
        presence.clear();
        frameCache.clear();
    }

    /**
     * Options for {@link LocalHub}. Not thread-safe; build once.
     */
    public static final class Builder {
        private Duration presenceTtl = Duration.ofSeconds(DEFAULT_PRESENCE_TTL_SECONDS);
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** How long a presence entry lives unless re-added; default 60 s. */
        public Builder presenceTtl(Duration ttl) {
            requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero() || ttl.toMillis() == 0) {
                throw new IllegalArgumentException("presence TTL must be at least 1 ms, got " + ttl);
            }
            this.presenceTtl = ttl;
            return this;
        }

        /** The time source for presence expiry and minute rates; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public LocalHub build() {
            return new LocalHub(this);
        }
    }
}
