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
 * {@value #DEFAULT_PRESENCE_TTL_SECONDS} s). The frame cache is bounded: a channel's last frame
 * expires {@value #DEFAULT_FRAME_TTL_DAYS} days after its last update (as with the Redis engine),
 * and at most {@value #DEFAULT_MAX_CACHED_FRAMES} channels are kept, the least recently updated
 * dropped first; both can be set on the {@link Builder}.
 *
 * <p>Thread-safe; {@link #close()} is idempotent and returns at once.
 */
public final class LocalHub implements Hub {

    /** The presence TTL when none is configured, in seconds. */
    public static final int DEFAULT_PRESENCE_TTL_SECONDS = 60;
    /** How long a cached frame lives after its last update when nothing else is configured, in days. */
    public static final int DEFAULT_FRAME_TTL_DAYS = 7;
    /**
     * The most channels whose last frame is cached when nothing else is configured. Telegraf's
     * default inputs make 9 measurements per stream id, so this covers a thousand busy streams;
     * a frame is usually a few KB.
     */
    public static final int DEFAULT_MAX_CACHED_FRAMES = 10_000;

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
        this.frameCache = new LocalFrameCache(builder.clock, builder.frameTtl, builder.maxCachedFrames);
    }

    /** A builder for the few things that can be tuned: presence TTL, frame cache bounds and the clock. */
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
        private Duration frameTtl = Duration.ofDays(DEFAULT_FRAME_TTL_DAYS);
        private int maxCachedFrames = DEFAULT_MAX_CACHED_FRAMES;
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

        /**
         * How long a channel's cached frame lives after its last update (a new subscriber gets it
         * as initial data until then); default {@value LocalHub#DEFAULT_FRAME_TTL_DAYS} days, at least 1 ms.
         */
        public Builder frameTtl(Duration ttl) {
            requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero() || ttl.toMillis() == 0) {
                throw new IllegalArgumentException("frame TTL must be at least 1 ms, got " + ttl);
            }
            this.frameTtl = ttl;
            return this;
        }

        /**
         * The most channels whose last frame is cached; a new channel beyond it drops the least
         * recently updated one. Default {@value LocalHub#DEFAULT_MAX_CACHED_FRAMES}, at least 1.
         */
        public Builder maxCachedFrames(int channels) {
            if (channels < 1) {
                throw new IllegalArgumentException("maxCachedFrames must be at least 1, got " + channels);
            }
            this.maxCachedFrames = channels;
            return this;
        }

        /** The time source for presence and frame expiry and minute rates; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public LocalHub build() {
            return new LocalHub(this);
        }
    }
}
