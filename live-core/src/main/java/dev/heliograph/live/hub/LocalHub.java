package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory reference engine: one node, no configuration ({@code new LocalHub()}). It is
 * the default engine and the one every other engine is compared with by the compatibility kit.
 *
 * <p><b>Delivery.</b> {@link #publish} hands the publication to the attached
 * {@link Hub.Listener} (the node's {@link LocalFanOut}) synchronously, on the caller's thread,
 * and returns an already completed stage: the subscribers have received it, except on a channel
 * big enough for the parallel fan-out, where they have it queued on the fan-out's lanes (in
 * order; the publisher does not wait for the whole fan-out). {@link #listen} and {@link #unlisten} have nothing to
 * do: every publication goes to the listener, which drops channels without subscribers.
 *
 * <p><b>History.</b> A publish with {@link HistoryOptions} enabled is appended to the channel's
 * ring (see {@link LocalHistory}): offsets 1, 2, 3, ... in an epoch made when the ring was
 * created, the size and TTL of the latest publish, at most {@link Builder#maxHistorySize}
 * publications per channel and {@link Builder#maxHistoryStreams} channels. Concurrent publishers
 * of one channel are delivered in offset order: the channel's ring stays locked while the
 * publication is handed to the listener, so subscribers (which must not block anyway) must not
 * wait for another thread's publish from their callback. A daemon thread sweeps expired publications
 * every {@link Builder#historySweepInterval} (started by the first history use, stopped by
 * {@link #close()}); a ring whose publications all expired is dropped, and the channel's next
 * publish starts a new epoch, as after a restart.
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
    /** The most publications one channel's history keeps, whatever a publish asks. */
    public static final int DEFAULT_MAX_HISTORY_SIZE = 1_000;
    /** The most channels with a history stream; the least recently published is dropped beyond. */
    public static final int DEFAULT_MAX_HISTORY_STREAMS = 10_000;

    private static final CompletableFuture<StreamPosition> NO_POSITION = CompletableFuture.completedFuture(null);

    private final LocalPresence presence;
    private final LocalFrameCache frameCache;
    private final LocalHistory history;
    private final Duration sweepInterval;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable Listener listener;
    private @Nullable ScheduledExecutorService sweeper;

    /** An engine with the default presence TTL and the system clock. */
    public LocalHub() {
        this(builder());
    }

    private LocalHub(Builder builder) {
        this.presence = new LocalPresence(builder.clock, builder.presenceTtl);
        this.frameCache = new LocalFrameCache(builder.clock, builder.frameTtl, builder.maxCachedFrames);
        this.history = new LocalHistory(builder.clock, builder.maxHistorySize, builder.maxHistoryStreams,
                builder.emptyStreamTtl.toMillis());
        this.sweepInterval = builder.historySweepInterval;
    }

    /** A builder for the few things that can be tuned: presence TTL, frame cache and history bounds, the clock. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void attach(Listener listener) {
        requireNonNull(listener, "listener");
        synchronized (this) {
            if (this.listener != null) {
                throw new IllegalStateException("this LocalHub already delivers to " + this.listener
                        + ": an engine serves one node; create a LocalHub per LiveNode");
            }
            this.listener = listener;
        }
        if (closed.get()) {
            listener.onClosed();
        }
    }

    @Override
    public CompletionStage<StreamPosition> publish(Publication publication, HistoryOptions options) {
        requireNonNull(publication, "publication");
        requireNonNull(options, "options");
        if (closed.get()) {
            return NO_POSITION;
        }
        if (!options.enabled() || publication.kind() != Publication.Kind.PUBLICATION) {
            deliver(publication);
            return NO_POSITION;
        }
        startSweeper();
        return CompletableFuture.completedFuture(history.append(publication, options, this::deliver));
    }

    private void deliver(Publication publication) {
        Listener l = listener;
        if (l != null) {
            l.onPublication(publication);
        }
    }

    /** Loops the message back to this node's listener, on the caller's thread (one node: it is every node). */
    @Override
    public CompletionStage<Void> sendControl(byte[] message) {
        requireNonNull(message, "message");
        Listener l = listener;
        if (!closed.get() && l != null) {
            l.onControl(message.clone());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void listen(OrgChannel channel) {
        requireNonNull(channel, "channel");
    }

    @Override
    public void unlisten(OrgChannel channel) {
        requireNonNull(channel, "channel");
    }

    @Override
    public CompletionStage<HistoryResult> history(OrgChannel channel, HistoryQuery query) {
        requireNonNull(channel, "channel");
        requireNonNull(query, "query");
        startSweeper();
        return CompletableFuture.completedFuture(history.read(channel, query));
    }

    /** Channels with a history stream now (tests and metrics). */
    public int historyStreamCount() {
        return history.streamCount();
    }

    private synchronized void startSweeper() {
        if (sweeper != null || closed.get()) {
            return;
        }
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "heliograph-live-history-sweeper");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        long every = sweepInterval.toMillis();
        s.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
        sweeper = s;
    }

    private void sweepQuietly() {
        try {
            history.sweep();
        } catch (RuntimeException e) {
            System.getLogger(LocalHub.class.getName()).log(System.Logger.Level.WARNING,
                    "sweeping expired history failed; trying again next time", e);
        }
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
        ScheduledExecutorService s;
        synchronized (this) {
            s = sweeper;
        }
        if (s != null) {
            s.shutdownNow();
        }
        presence.clear();
        frameCache.clear();
        history.clear();
        Listener l = listener;
        if (l != null) {
            l.onClosed();
        }
    }

    /**
     * Options for {@link LocalHub}. Not thread-safe; build once.
     */
    public static final class Builder {
        private Duration presenceTtl = Duration.ofSeconds(DEFAULT_PRESENCE_TTL_SECONDS);
        private Duration frameTtl = Duration.ofDays(DEFAULT_FRAME_TTL_DAYS);
        private int maxCachedFrames = DEFAULT_MAX_CACHED_FRAMES;
        private Clock clock = Clock.systemUTC();
        private int maxHistorySize = DEFAULT_MAX_HISTORY_SIZE;
        private int maxHistoryStreams = DEFAULT_MAX_HISTORY_STREAMS;
        private Duration historySweepInterval = Duration.ofSeconds(1);
        private Duration emptyStreamTtl = Duration.ofMinutes(5);

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

        /**
         * The most publications one channel's history keeps, whatever a publish asks; default
         * {@value LocalHub#DEFAULT_MAX_HISTORY_SIZE}, at least 1.
         */
        public Builder maxHistorySize(int publications) {
            if (publications < 1) {
                throw new IllegalArgumentException("maxHistorySize must be at least 1, got " + publications);
            }
            this.maxHistorySize = publications;
            return this;
        }

        /**
         * The most channels with a history stream; a new one beyond it drops the least recently
         * published. Default {@value LocalHub#DEFAULT_MAX_HISTORY_STREAMS}, at least 1.
         */
        public Builder maxHistoryStreams(int channels) {
            if (channels < 1) {
                throw new IllegalArgumentException("maxHistoryStreams must be at least 1, got " + channels);
            }
            this.maxHistoryStreams = channels;
            return this;
        }

        /** How often expired history is swept, without waiting for a publish; default 1 s, at least 1 ms. */
        public Builder historySweepInterval(Duration interval) {
            requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.toMillis() < 1) {
                throw new IllegalArgumentException("history sweep interval must be at least 1 ms, got " + interval);
            }
            this.historySweepInterval = interval;
            return this;
        }

        /**
         * How long the empty stream a history read creates for a channel without one is kept (so
         * the epoch a subscriber saw is the one the next publications carry); default 5 minutes.
         */
        public Builder emptyStreamTtl(Duration ttl) {
            requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.toMillis() < 1) {
                throw new IllegalArgumentException("empty stream TTL must be at least 1 ms, got " + ttl);
            }
            this.emptyStreamTtl = ttl;
            return this;
        }

        /** The time source for presence, frame and history expiry and minute rates; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public LocalHub build() {
            return new LocalHub(this);
        }
    }
}
