package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveException;
import dev.heliograph.live.channel.OrgChannel;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-memory reference engine: one node, no configuration ({@code new LocalHub()}). It is
 * the default engine and the one every other engine is compared with by the compatibility kit.
 *
 * <p><b>Delivery.</b> {@link #publish} and {@link #publishLocal} are the same here: the
 * publication is handed to a snapshot of the channel's subscribers, synchronously, on the
 * caller's thread; {@code publish} returns an already completed stage. The registry is a
 * {@link ConcurrentHashMap} from channel to a copy-on-write array of subscribers, so
 * publishing takes no lock on the map and allocates nothing per subscriber. A subscriber that
 * throws is logged and skipped; the others still receive. A channel's entry is removed when
 * its last subscriber leaves.
 *
 * <p><b>Unsubscribe.</b> Once {@link Subscription#close()} returns, the subscriber receives
 * nothing more: close waits for publications of that channel already being dispatched on other
 * threads (dispatch is quick because subscribers must not block). Closing a subscription from
 * inside a subscriber callback is allowed and does not wait.
 *
 * <p><b>Presence and frames</b> live in memory with a TTL for presence (default
 * {@value #DEFAULT_PRESENCE_TTL_SECONDS} s) and no expiry for frames.
 *
 * <p>Thread-safe; {@link #close()} is idempotent and returns at once.
 */
public final class LocalHub implements Hub {

    /** The presence TTL when none is configured, in seconds. */
    public static final int DEFAULT_PRESENCE_TTL_SECONDS = 60;

    private static final System.Logger LOG = System.getLogger(LocalHub.class.getName());
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final Registration[] NONE = new Registration[0];

    private final ConcurrentHashMap<OrgChannel, Channel> channels = new ConcurrentHashMap<>();
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
        requireNonNull(publication, "publication");
        if (closed.get()) {
            LOG.log(Level.DEBUG, "hub is closed; dropped {0}", publication);
            return;
        }
        Channel channel = channels.get(publication.channel());
        if (channel != null) {
            channel.dispatch(publication);
        }
    }

    @Override
    public Subscription subscribe(OrgChannel channel, Subscriber subscriber) {
        requireNonNull(channel, "channel");
        requireNonNull(subscriber, "subscriber");
        if (closed.get()) {
            throw new LiveException("cannot subscribe to " + channel
                    + ": the hub is closed; create a new hub or stop subscribing after shutdown");
        }
        Registration registration = new Registration(channel, subscriber);
        channels.compute(channel, (key, existing) -> {
            Channel c = existing != null ? existing : new Channel();
            c.add(registration);
            return c;
        });
        return registration;
    }

    @Override
    public int localSubscriberCount(OrgChannel channel) {
        requireNonNull(channel, "channel");
        Channel c = channels.get(channel);
        return c == null ? 0 : c.subscribers.length;
    }

    /** Channels that have at least one subscriber on this node. */
    public int channelCount() {
        return channels.size();
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
        channels.forEach((key, channel) -> {
            for (Registration r : channel.subscribers) {
                r.active = false;
            }
        });
        channels.clear();
        presence.clear();
        frameCache.clear();
    }

    private void unsubscribe(Registration registration) {
        Channel[] holder = new Channel[1];
        channels.computeIfPresent(registration.channel, (key, c) -> {
            holder[0] = c;
            c.remove(registration);
            return c.subscribers.length == 0 ? null : c;
        });
        if (holder[0] != null) {
            holder[0].awaitDispatches();
        }
    }

    /**
     * The subscribers of one channel on this node. The array is replaced, never modified, and
     * only inside {@code channels.compute} for this channel's key, which serialises writers.
     * The read lock is held by every dispatch; unsubscribing takes the write lock once to wait
     * for dispatches that may still be handing a message to the leaving subscriber.
     */
    private static final class Channel {
        volatile Registration[] subscribers = NONE;
        final ReentrantReadWriteLock dispatching = new ReentrantReadWriteLock();

        void add(Registration r) {
            Registration[] old = subscribers;
            Registration[] next = Arrays.copyOf(old, old.length + 1);
            next[old.length] = r;
            subscribers = next;
        }

        void remove(Registration r) {
            Registration[] old = subscribers;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == r) {
                    Registration[] next = new Registration[old.length - 1];
                    System.arraycopy(old, 0, next, 0, i);
                    System.arraycopy(old, i + 1, next, i, old.length - i - 1);
                    subscribers = next;
                    return;
                }
            }
        }

        void dispatch(Publication publication) {
            ReentrantReadWriteLock.ReadLock lock = dispatching.readLock();
            lock.lock();
            try {
                for (Registration r : subscribers) {
                    if (r.active) {
                        deliver(r, publication);
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        void awaitDispatches() {
            if (dispatching.getReadHoldCount() > 0) {
                return; // closed from inside a callback of this channel: the flag is enough
            }
            dispatching.writeLock().lock();
            dispatching.writeLock().unlock();
        }

        private static void deliver(Registration r, Publication publication) {
            try {
                r.subscriber.onPublication(publication);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.log(Level.WARNING, () -> "subscriber " + r.subscriber + " of " + publication.channel()
                        + " threw while receiving " + publication.kind()
                        + "; the other subscribers still received it", e);
            }
        }
    }

    /** One subscriber of one channel: the {@link Subscription} handed back to the caller. */
    private final class Registration implements Subscription {
        final OrgChannel channel;
        final Subscriber subscriber;
        volatile boolean active = true;

        Registration(OrgChannel channel, Subscriber subscriber) {
            this.channel = channel;
            this.subscriber = subscriber;
        }

        @Override
        public void close() {
            if (!active) {
                return;
            }
            active = false;
            unsubscribe(this);
        }
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
