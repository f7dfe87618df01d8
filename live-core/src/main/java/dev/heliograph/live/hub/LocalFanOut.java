package dev.heliograph.live.hub;

import dev.heliograph.live.LiveException;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A node's subscribers by channel and the fan-out of a publication to them: the node side of
 * every {@link Hub} engine. {@link dev.heliograph.live.LiveNode} creates one per engine with
 * {@link #attachTo}: it becomes the engine's {@link Hub.Listener}, calls {@link Hub#listen} when a
 * channel gets its first subscriber here and {@link Hub#unlisten} after its last one left, and
 * hands what the engine delivers to the channel's subscribers. Data-source stream output, which
 * each node produces for its own subscribers, goes to {@link #dispatch} directly.
 *
 * <pre>{@code
 * LocalFanOut local = LocalFanOut.attachTo(hub);
 * Subscription s = local.subscribe(channel, subscriber);  // hub.listen(channel) if first
 * hub.publish(publication);                               // reaches subscriber via onPublication
 * }</pre>
 *
 * <p><b>What it promises, for every engine.</b>
 * <ul>
 *   <li>{@link #dispatch} hands the publication to a snapshot of the channel's subscribers, in
 *       subscription order, on the caller's thread. Each channel holds a copy-on-write array,
 *       so dispatch takes no lock on the map and allocates nothing per subscriber.
 *   <li><b>Big channels fan out in parallel.</b> Once a channel reaches the parallel threshold
 *       ({@link #DEFAULT_PARALLEL_THRESHOLD} subscribers unless {@link #attachTo(Hub, int)} says
 *       otherwise), its subscribers are split into one shard per {@link FanOutLanes lane} (one
 *       lane per core; each subscriber keeps its shard for as long as it stays subscribed) and
 *       dispatch only queues one task per shard on the shard's single-threaded lane, then returns:
 *       the caller (an HTTP publish, the Redis PUB/SUB listener) no longer waits for the whole
 *       fan-out. The tasks of one channel are queued on all lanes under the channel's monitor, so
 *       every subscriber receives the channel's publications in one order: the order dispatch was
 *       called in (for a positioned channel, offset order, after any recovery). A channel stays
 *       parallel until its entry is removed (its last subscriber left), so a shrinking channel
 *       never lets a later publication overtake one still queued on a lane.
 *   <li>A subscriber that throws is logged and skipped; the others still receive, and so does
 *       it the next time.
 *   <li>Once {@link Subscription#close()} returns, the subscriber receives nothing more: close
 *       waits for dispatches of that channel already running on other threads (quick, because
 *       subscribers must not block). Closing from inside a callback of the same channel is
 *       allowed and does not wait; a subscriber closed by an earlier subscriber of the same
 *       publication does not receive it. {@link Subscription#cancel()} does not wait.
 *   <li>A channel's entry is removed when its last subscriber leaves.
 *   <li>Nothing is delivered once {@link #close()} ran or the engine reported
 *       {@link Hub.Listener#onClosed()}; {@link #subscribe} then throws.
 *   <li>Publications with a position are delivered once and in offset order: one whose offset is
 *       not above the last delivered offset of the same epoch is dropped (a replay). When the
 *       engine reports {@link #onResubscribed}, or a publication skips offsets of the epoch
 *       delivered so far, the missing ones are read from {@link Hub#history} since the last
 *       delivered position and delivered first; live ones arriving meanwhile wait. A changed
 *       epoch cannot be recovered: it is logged and delivery goes on in the new epoch.
 * </ul>
 *
 * <p><b>Threads.</b> Thread-safe. The listen/unlisten calls run inside the atomic update of the
 * channel, so the "first subscriber arrived" and "last subscriber left" of one channel reach the
 * engine in the order they happened, never overlapping; engines must only record or enqueue there.
 * Subscribers are called on the dispatching thread for channels below the parallel threshold and on
 * the lanes' threads ({@code heliograph-live-fanout-*}) above it; one subscriber is never called by
 * two lanes, but may be called by two dispatching threads at once (concurrent publishers), as before.
 */
public final class LocalFanOut implements Hub.Listener {

    private static final System.Logger LOG = System.getLogger(LocalFanOut.class.getName());
    private static final Registration[] NONE = new Registration[0];
    private static final Consumer<OrgChannel> IGNORE = channel -> {};

    /** Subscribers on one channel from which its fan-out runs in parallel on the lanes, by default. */
    public static final int DEFAULT_PARALLEL_THRESHOLD = 512;

    private final ConcurrentHashMap<OrgChannel, Channel> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile @org.jspecify.annotations.Nullable Consumer<byte[]> control; // set once by the node: ServerControl
    private final Consumer<OrgChannel> firstSubscriberArrived;
    private final Consumer<OrgChannel> lastSubscriberLeft;
    private final @Nullable Hub hub;
    /** Subscribers from which a channel fans out on the lanes; 0 when it never does. */
    private final int parallelThreshold;
    /** One lane per core; null when the threshold is 0 (no channel ever fans out in parallel). */
    private final @Nullable FanOutLanes lanes;

    /** A fan-out that tells nobody when channels gain or lose their subscribers (unit tests). */
    LocalFanOut() {
        this(IGNORE, IGNORE, null, 0, 0);
    }

    /**
     * A fan-out that reports when a channel gets its first subscriber on this node and when
     * its last one leaves (see the class doc for the threading rules of the callbacks).
     */
    LocalFanOut(Consumer<OrgChannel> firstSubscriberArrived, Consumer<OrgChannel> lastSubscriberLeft) {
        this(firstSubscriberArrived, lastSubscriberLeft, null, 0, 0);
    }

    /**
     * A fan-out over {@code hub} (null: none, no recovery) that runs channels of at least
     * {@code parallelThreshold} subscribers on {@code laneCount} lanes (threshold 0: never).
     */
    LocalFanOut(Consumer<OrgChannel> firstSubscriberArrived, Consumer<OrgChannel> lastSubscriberLeft,
            @Nullable Hub hub, int parallelThreshold, int laneCount) {
        this.firstSubscriberArrived = requireNonNull(firstSubscriberArrived, "firstSubscriberArrived");
        this.lastSubscriberLeft = requireNonNull(lastSubscriberLeft, "lastSubscriberLeft");
        this.hub = hub;
        if (parallelThreshold < 0) {
            throw new IllegalArgumentException("the parallel fan-out threshold must be 0 (never) or a number of subscribers, got "
                    + parallelThreshold);
        }
        this.parallelThreshold = parallelThreshold;
        this.lanes = parallelThreshold > 0 ? new FanOutLanes(laneCount) : null;
    }

    /**
     * Creates the node side of {@code hub} and attaches it as the engine's listener. Called once
     * per engine, by the node (or a test standing in for one).
     *
     * @throws IllegalStateException when the engine already has a listener
     */
    public static LocalFanOut attachTo(Hub hub) {
        return attachTo(hub, DEFAULT_PARALLEL_THRESHOLD);
    }

    /**
     * As {@link #attachTo(Hub)}, with channels of at least {@code parallelThreshold} subscribers
     * fanned out in parallel on one lane per core (0: every channel on the caller's thread). The
     * node passes {@link dev.heliograph.live.LiveSettings#fanoutParallelThreshold()}.
     *
     * @throws IllegalStateException when the engine already has a listener
     * @throws IllegalArgumentException when {@code parallelThreshold} is negative
     */
    public static LocalFanOut attachTo(Hub hub, int parallelThreshold) {
        requireNonNull(hub, "hub");
        LocalFanOut fanOut = new LocalFanOut(hub::listen, hub::unlisten, hub, parallelThreshold,
                Runtime.getRuntime().availableProcessors());
        hub.attach(fanOut);
        return fanOut;
    }

    /**
     * Registers {@code subscriber} with {@code channel}; closing the returned subscription removes it.
     *
     * @throws LiveException once closed (the engine shut down)
     */
    public Subscription subscribe(OrgChannel channel, Subscriber subscriber) {
        requireNonNull(channel, "channel");
        requireNonNull(subscriber, "subscriber");
        if (closed) {
            throw new LiveException("cannot subscribe to " + channel
                    + ": the hub is closed; create a new hub or stop subscribing after shutdown");
        }
        Registration registration = new Registration(channel, subscriber);
        channels.compute(channel, (key, existing) -> {
            Channel c = existing;
            if (c == null) {
                firstSubscriberArrived.accept(key);
                c = new Channel();
            }
            c.add(registration);
            return c;
        });
        return registration;
    }

    /**
     * Hands {@code publication} to every subscriber of its channel on this node, on this thread
     * (a big channel: queued on the lanes, see the class doc): what the engine delivers, and
     * data-source stream output (this node only). Once closed, drops it.
     */
    public void dispatch(Publication publication) {
        if (closed) {
            LOG.log(Level.DEBUG, "hub is closed; dropped {0}", publication);
            return;
        }
        Channel channel = channels.get(publication.channel());
        if (channel != null) {
            channel.dispatchOnce(publication, hub);
        }
    }

    @Override
    public void onPublication(Publication publication) {
        dispatch(publication);
    }

    @Override
    public void onResubscribed(OrgChannel channel) {
        Channel c = channels.get(channel);
        if (c == null || closed || hub == null) {
            return;
        }
        c.recover(hub, channel, null);
    }

    @Override
    public void onClosed() {
        close();
    }

    /** Hands a node-to-node control message to the handler set with {@link #controlHandler}; dropped without one. */
    @Override
    public void onControl(byte[] message) {
        Consumer<byte[]> handler = control;
        if (handler == null || closed) {
            return;
        }
        try {
            handler.accept(message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a control message failed: " + e, e);
        }
    }

    /**
     * Sets who acts on control messages (the node's {@code ServerControl}); called once by the
     * node after attaching. The handler runs on the engine's delivery thread.
     */
    public void controlHandler(Consumer<byte[]> handler) {
        this.control = requireNonNull(handler, "handler");
    }

    /** The last position delivered on {@code channel} here; null when none (or no subscriber). */
    public @Nullable StreamPosition lastDelivered(OrgChannel channel) {
        Channel c = channels.get(channel);
        return c == null ? null : c.last;
    }

    /** Subscribers of {@code channel} on this node. */
    public int count(OrgChannel channel) {
        Channel c = channels.get(channel);
        return c == null ? 0 : c.subscribers.length;
    }

    /**
     * Subscribers on this node of the channels in {@code scope} ({@code grafana}, {@code ds},
     * {@code plugin}, {@code stream}), or of all channels when {@code scope} is null. Walks the
     * channels: for a metrics scrape, not the data path. Any thread.
     */
    public int subscriberCount(@org.jspecify.annotations.Nullable String scope) {
        int n = 0;
        for (var e : channels.entrySet()) {
            if (scope == null || scope.equals(e.getKey().channel().scope())) {
                n += e.getValue().subscribers.length;
            }
        }
        return n;
    }

    /** Whether the lanes' threads have all ended, after {@link #close()} (tests). */
    boolean lanesTerminated() {
        return lanes == null || lanes.terminated();
    }

    /** Channels that have at least one subscriber. */
    public int channelCount() {
        return channels.size();
    }

    /**
     * Closes the fan-out (the node or its engine shut down): every subscriber is dropped at once,
     * nothing is delivered afterwards, their {@code close()} becomes a no-op, and
     * {@link #subscribe} throws. The engine is not told to unlisten (it is going away).
     * Does not wait for running dispatches. The lanes stop: shard tasks still queued deliver
     * nothing, and their threads end. Idempotent.
     */
    public void close() {
        closed = true;
        if (lanes != null) {
            lanes.close();
        }
        channels.forEach((key, channel) -> {
            for (Registration r : channel.subscribers) {
                r.active = false;
            }
        });
        channels.clear();
    }

    private void remove(Registration registration, boolean await) {
        Channel[] holder = new Channel[1];
        channels.computeIfPresent(registration.channel, (key, c) -> {
            holder[0] = c;
            if (!c.remove(registration) || c.subscribers.length > 0) {
                return c;
            }
            lastSubscriberLeft.accept(key);
            return null;
        });
        if (await && holder[0] != null) {
            holder[0].awaitDispatches();
        }
    }

    /**
     * The subscribers of one channel, and the last position delivered to them. The array is replaced, never modified, and only inside
     * {@code channels.compute} for this channel's key, which serialises writers. Every dispatch
     * holds the read lock; a leaving subscriber takes the write lock once to wait for dispatches
     * that may still be handing it a message.
     */
    private final class Channel {
        volatile Registration[] subscribers = NONE;
        /**
         * The subscribers by lane once the channel reached the parallel threshold, else null; never
         * back to null (see the class doc). Replaced, never modified, like {@link #subscribers}.
         */
        volatile Registration @Nullable [][] shards;
        /** The lane the next subscriber gets; written inside {@code channels.compute}. */
        private int nextLane;
        final ReentrantReadWriteLock dispatching = new ReentrantReadWriteLock();
        /** The newest position delivered; written under {@code this}. */
        volatile @Nullable StreamPosition last;
        /** Live positioned publications held while a recovery reads history; under {@code this}. */
        @Nullable List<Publication> heldDuringRecovery;

        /**
         * Delivers unless it is a replay of a position already delivered or held for a running
         * recovery; a publication that skips offsets of the epoch delivered so far starts a
         * recovery of the gap from {@code hub}'s history (when there is a hub) and waits for it.
         */
        void dispatchOnce(Publication publication, @Nullable Hub hub) {
            StreamPosition p = publication.position();
            if (p == null) {
                dispatch(publication);
                return;
            }
            synchronized (this) {
                if (heldDuringRecovery != null) {
                    heldDuringRecovery.add(publication);
                    return;
                }
                StreamPosition l = last;
                boolean gap = hub != null && l != null && l.sameEpoch(p) && p.offset() > l.offset() + 1;
                if (!gap) {
                    if (advance(p)) {
                        dispatch(publication);
                    }
                    return;
                }
            }
            recover(requireNonNull(hub, "a gap is only seen with an engine"), publication.channel(), publication);
        }

        /** Moves {@link #last} to {@code p}; false when {@code p} was already delivered. */
        private boolean advance(StreamPosition p) {
            StreamPosition l = last;
            if (l != null && l.sameEpoch(p) && p.offset() <= l.offset()) {
                return false;
            }
            last = p;
            return true;
        }

        /**
         * Reads history since the last delivered position and delivers what is newer, then what
         * arrived meanwhile ({@code first}, when a gap was seen, included), each once and in order.
         */
        void recover(Hub hub, OrgChannel key, @Nullable Publication first) {
            StreamPosition since;
            synchronized (this) {
                since = last;
                if (heldDuringRecovery != null) {
                    if (first != null) {
                        heldDuringRecovery.add(first); // a recovery started meanwhile: it delivers this too
                    }
                    return;
                }
                if (since == null) {
                    return; // nothing positioned delivered yet: nothing to recover from
                }
                heldDuringRecovery = new ArrayList<>();
                if (first != null) {
                    heldDuringRecovery.add(first);
                }
            }
            // outside the monitor: the engine's history read may take its own locks
            CompletionStage<HistoryResult> read;
            try {
                read = hub.history(key, HistoryQuery.since(since));
            } catch (RuntimeException e) {
                read = CompletableFuture.failedFuture(e);
            }
            read.whenComplete((result, error) -> {
                synchronized (this) {
                    List<Publication> held = requireNonNull(heldDuringRecovery, "set by recover, cleared only here");
                    heldDuringRecovery = null;
                    if (error != null) {
                        LOG.log(Level.WARNING, () -> "could not read the history of " + key + " to close a gap"
                                + " (engine resubscribed or offsets skipped); publications since offset " + since.offset() + " may be missing", error);
                    } else if (!result.top().sameEpoch(since)) {
                        LOG.log(Level.WARNING, () -> "the history of " + key + " changed epoch while publications"
                                + " were missed (" + since.epoch() + " -> " + result.top().epoch()
                                + "); publications since offset " + since.offset() + " are lost");
                    } else {
                        for (Publication p : result.publications()) {
                            if (advance(requireNonNull(p.position(), "history position"))) {
                                dispatch(p);
                            }
                        }
                    }
                    for (Publication p : held) {
                        if (advance(requireNonNull(p.position(), "held position"))) {
                            dispatch(p);
                        }
                    }
                }
            });
        }

        void add(Registration r) {
            if (lanes != null) {
                r.lane = nextLane;
                nextLane = (nextLane + 1) % lanes.count();
            }
            Registration[] old = subscribers;
            Registration[] next = Arrays.copyOf(old, old.length + 1);
            next[old.length] = r;
            subscribers = next;
            Registration[][] s = shards;
            if (s != null) {
                Registration[][] copy = s.clone();
                Registration[] lane = copy[r.lane];
                copy[r.lane] = Arrays.copyOf(lane, lane.length + 1);
                copy[r.lane][lane.length] = r;
                shards = copy;
            } else if (lanes != null && next.length >= parallelThreshold) {
                shards = split(next, lanes.count());
            }
        }

        private static Registration[][] split(Registration[] all, int laneCount) {
            int[] sizes = new int[laneCount];
            for (Registration r : all) {
                sizes[r.lane]++;
            }
            Registration[][] byLane = new Registration[laneCount][];
            for (int i = 0; i < laneCount; i++) {
                byLane[i] = new Registration[sizes[i]];
                sizes[i] = 0;
            }
            for (Registration r : all) {
                byLane[r.lane][sizes[r.lane]++] = r;
            }
            return byLane;
        }

        boolean remove(Registration r) {
            Registration[] old = subscribers;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == r) {
                    Registration[] next = new Registration[old.length - 1];
                    System.arraycopy(old, 0, next, 0, i);
                    System.arraycopy(old, i + 1, next, i, old.length - i - 1);
                    subscribers = next;
                    Registration[][] s = shards;
                    if (s != null) {
                        Registration[][] copy = s.clone();
                        copy[r.lane] = without(s[r.lane], r);
                        shards = copy;
                    }
                    return true;
                }
            }
            return false;
        }

        private static Registration[] without(Registration[] from, Registration r) {
            for (int i = 0; i < from.length; i++) {
                if (from[i] == r) {
                    Registration[] next = new Registration[from.length - 1];
                    System.arraycopy(from, 0, next, 0, i);
                    System.arraycopy(from, i + 1, next, i, from.length - i - 1);
                    return next;
                }
            }
            return from;
        }

        void dispatch(Publication publication) {
            publication.fanOutTo(subscribers.length);
            Registration[][] s = shards;
            if (s != null && lanes != null) {
                queueOnLanes(s, lanes, publication);
                return;
            }
            deliverTo(subscribers, publication);
        }

        /**
         * One task per non-empty shard, queued under this channel's monitor so that every lane
         * receives the channel's publications in the same order (reentrant: the positioned path
         * already holds it).
         */
        private void queueOnLanes(Registration[][] s, FanOutLanes lanes, Publication publication) {
            synchronized (this) {
                for (int i = 0; i < s.length; i++) {
                    Registration[] shard = s[i];
                    if (shard.length > 0 && !lanes.execute(i, () -> deliverShard(shard, publication))) {
                        LOG.log(Level.DEBUG, "hub is closed; dropped {0}", publication);
                        return;
                    }
                }
            }
        }

        /** A shard's task, on its lane's thread. */
        private void deliverShard(Registration[] shard, Publication publication) {
            if (closed) {
                return;
            }
            deliverTo(shard, publication);
        }

        private void deliverTo(Registration[] targets, Publication publication) {
            ReentrantReadWriteLock.ReadLock lock = dispatching.readLock();
            lock.lock();
            try {
                for (Registration r : targets) {
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
        /** The lane of this subscriber's shard; set once, inside {@code channels.compute}, before it is published. */
        int lane;

        Registration(OrgChannel channel, Subscriber subscriber) {
            this.channel = channel;
            this.subscriber = subscriber;
        }

        @Override
        public void close() {
            unregister(true);
        }

        @Override
        public void cancel() {
            unregister(false);
        }

        private void unregister(boolean awaitDispatches) {
            if (!active) {
                return;
            }
            active = false;
            remove(this, awaitDispatches);
        }
    }
}
