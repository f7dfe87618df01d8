package dev.heliograph.live.hub;

import dev.heliograph.live.LiveException;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A node's subscribers by channel, and the fan-out of a publication to them: the building block
 * every {@link Hub} engine uses for its local side. {@link LocalHub} dispatches to it on the
 * publisher's thread; a distributed engine dispatches to it what it receives from its backend,
 * and uses the two channel callbacks to start and stop listening to a channel there (the Redis
 * engine sends SUBSCRIBE and UNSUBSCRIBE from them).
 *
 * <pre>{@code
 * LocalSubscriberRegistry local = new LocalSubscriberRegistry(
 *         channel -> backend.listen(channel),      // first subscriber of the channel arrived
 *         channel -> backend.stopListening(channel)); // its last subscriber left
 * Subscription s = local.add(channel, subscriber);
 * local.dispatch(publication);                       // from the backend's receiving thread
 * }</pre>
 *
 * <p><b>What it promises.</b>
 * <ul>
 *   <li>{@link #dispatch} hands the publication to a snapshot of the channel's subscribers, in
 *       subscription order, on the caller's thread. Each channel holds a copy-on-write array,
 *       so dispatch takes no lock on the map and allocates nothing per subscriber.
 *   <li>A subscriber that throws is logged and skipped; the others still receive, and so does
 *       it the next time.
 *   <li>Once {@link Subscription#close()} returns, the subscriber receives nothing more: close
 *       waits for dispatches of that channel already running on other threads (quick, because
 *       subscribers must not block). Closing from inside a callback of the same channel is
 *       allowed and does not wait; a subscriber closed by an earlier subscriber of the same
 *       publication does not receive it.
 *   <li>A channel's entry is removed when its last subscriber leaves.
 * </ul>
 *
 * <p><b>Threads.</b> Thread-safe. The callbacks run inside the registry's atomic update of
 * the channel, so the "first subscriber arrived" and "last subscriber left" of one channel are
 * reported in the order they happened, never overlapping; they must be quick, must not block
 * and must not call back into this registry.
 */
public final class LocalSubscriberRegistry {

    private static final System.Logger LOG = System.getLogger(LocalSubscriberRegistry.class.getName());
    private static final Registration[] NONE = new Registration[0];
    private static final Consumer<OrgChannel> IGNORE = channel -> {};

    private final ConcurrentHashMap<OrgChannel, Channel> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final Consumer<OrgChannel> firstSubscriberArrived;
    private final Consumer<OrgChannel> lastSubscriberLeft;

    /** A registry that needs no word when channels gain or lose their subscribers (one node, in memory). */
    public LocalSubscriberRegistry() {
        this(IGNORE, IGNORE);
    }

    /**
     * A registry that reports when a channel gets its first subscriber on this node and when
     * its last one leaves (see the class doc for the threading rules of the callbacks).
     */
    public LocalSubscriberRegistry(Consumer<OrgChannel> firstSubscriberArrived, Consumer<OrgChannel> lastSubscriberLeft) {
        this.firstSubscriberArrived = requireNonNull(firstSubscriberArrived, "firstSubscriberArrived");
        this.lastSubscriberLeft = requireNonNull(lastSubscriberLeft, "lastSubscriberLeft");
    }

    /**
     * Registers {@code subscriber} with {@code channel}; closing the returned subscription removes it.
     *
     * @throws LiveException once the registry is closed (its engine shut down)
     */
    public Subscription add(OrgChannel channel, Subscriber subscriber) {
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
     * Hands {@code publication} to every subscriber of its channel on this node, on this thread.
     * Once the registry is closed, drops it.
     */
    public void dispatch(Publication publication) {
        if (closed) {
            LOG.log(Level.DEBUG, "hub is closed; dropped {0}", publication);
            return;
        }
        Channel channel = channels.get(publication.channel());
        if (channel != null) {
            channel.dispatch(publication);
        }
    }

    /** Subscribers of {@code channel} on this node. */
    public int count(OrgChannel channel) {
        Channel c = channels.get(channel);
        return c == null ? 0 : c.subscribers.length;
    }

    /** Channels that have at least one subscriber. */
    public int channelCount() {
        return channels.size();
    }

    /**
     * Closes the registry, for an engine's {@code close()}: every subscriber is dropped at once,
     * nothing is delivered afterwards, their {@code close()} becomes a no-op, and {@link #add}
     * throws. The channel callbacks are not called (the engine is going away with its backend).
     * Does not wait for running dispatches. Idempotent.
     */
    public void close() {
        closed = true;
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
     * The subscribers of one channel. The array is replaced, never modified, and only inside
     * {@code channels.compute} for this channel's key, which serialises writers. Every dispatch
     * holds the read lock; a leaving subscriber takes the write lock once to wait for dispatches
     * that may still be handing it a message.
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

        boolean remove(Registration r) {
            Registration[] old = subscribers;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == r) {
                    Registration[] next = new Registration[old.length - 1];
                    System.arraycopy(old, 0, next, 0, i);
                    System.arraycopy(old, i + 1, next, i, old.length - i - 1);
                    subscribers = next;
                    return true;
                }
            }
            return false;
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
