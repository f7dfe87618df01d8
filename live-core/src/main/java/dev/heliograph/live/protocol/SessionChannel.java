package dev.heliograph.live.protocol;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.WireFormat;
import dev.heliograph.live.hub.Subscriber;
import dev.heliograph.live.hub.Subscription;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * One channel of one {@link ClientSession}: its {@link Subscriber} with the hub, the options the
 * handler's subscribe reply chose (presence, join/leave), and the hold-back that keeps pushes
 * behind the subscribe reply. Until {@link #goLive()} (run right after the reply was queued)
 * publications are held; then each is encoded once for all subscribers
 * ({@link Publication#encodeOnce}) and handed to the session's queue.
 *
 * <p>{@link #onPublication} runs on the hub's dispatch threads and never blocks; the other
 * methods run on the session's command thread or its closing thread.
 */
final class SessionChannel implements Subscriber {

    private static final System.Logger LOG = System.getLogger(SessionChannel.class.getName());

    /** What a channel needs from its session. */
    interface Owner {
        /** Queues an encoded push (shared by every subscriber); never blocks. */
        void push(OutboundFrame message);

        /** Too much was held back: close the connection as slow; never blocks. */
        void overflow();

        /** The channel was released after being active: leave presence, announce the leave. */
        void left(SessionChannel channel);
    }

    private final OrgChannel channel;
    private final Owner owner;
    /** Held while presence is recorded or the join announced, and by the leave after a release. */
    private final Object membership = new Object();
    private final long holdLimitBytes;
    private final WireFormat<OutboundFrame> format;
    private Subscription subscription;
    private volatile boolean presence;
    private volatile boolean joinLeave;
    private volatile boolean live;
    private volatile boolean released;
    private volatile long expiresAtMillis; // the subscription token's exp (epoch ms); 0 for never
    private boolean joinAnnounced; // guarded by membership
    private List<Publication> held = new ArrayList<>(0);
    private long heldBytes;

    SessionChannel(OrgChannel channel, Owner owner, long holdLimitBytes) {
        this(channel, owner, holdLimitBytes, PushEncoder.JSON);
    }

    /** A subscription whose pushes are encoded in {@code format} (its session's protocol). */
    SessionChannel(OrgChannel channel, Owner owner, long holdLimitBytes, WireFormat<OutboundFrame> format) {
        this.format = format;
        this.channel = channel;
        this.owner = owner;
        this.holdLimitBytes = holdLimitBytes;
    }

    OrgChannel channel() {
        return channel;
    }

    /** Whether the subscribe reply enabled presence. */
    boolean presence() {
        return presence;
    }

    /** Whether the subscribe reply enabled join/leave pushes. */
    boolean joinLeave() {
        return joinLeave;
    }

    /** When the subscription token expires (epoch ms), 0 for never; set on the command thread, read by expiry timers. */
    long expiresAtMillis() {
        return expiresAtMillis;
    }

    void expiresAtMillis(long value) {
        expiresAtMillis = value;
    }

    boolean released() {
        return released;
    }

    /** Records that this member's join was announced (inside {@link #whileMember}). */
    void joinAnnounced() {
        joinAnnounced = true;
    }

    /** Whether the join was announced, so the leave should be (from {@link Owner#left}, under the membership lock). */
    boolean wasJoinAnnounced() {
        return joinAnnounced;
    }

    @Override
    public void onPublication(Publication publication) {
        if (!live) {
            synchronized (this) {
                if (!live) {
                    hold(publication);
                    return;
                }
            }
        }
        deliver(publication);
    }

    private void hold(Publication publication) {
        if (released) {
            return;
        }
        held.add(publication);
        heldBytes += publication.data() == null ? 64 : publication.data().length();
        if (heldBytes > holdLimitBytes) {
            owner.overflow();
        }
    }

    private void deliver(Publication publication) {
        if (publication.kind() != Publication.Kind.PUBLICATION && !joinLeave) {
            return;
        }
        owner.push(publication.encodeOnce(format));
    }

    /** Records the hub registration and the reply's options; false if already released. */
    synchronized boolean activate(Subscription subscription, boolean presence, boolean joinLeave) {
        if (released) {
            closeQuietly(subscription);
            return false;
        }
        this.subscription = subscription;
        this.presence = presence;
        this.joinLeave = joinLeave;
        return true;
    }

    /** Runs right after the subscribe reply was queued: releases what was held back. */
    synchronized void goLive() {
        if (!released) {
            for (Publication publication : held) {
                deliver(publication);
            }
        }
        held = null;
        live = true;
    }

    /**
     * Runs {@code action} (recording presence, announcing the join) unless the channel was
     * released. A release waits for a running action before it leaves, so no presence entry or
     * join outlives the leave. Command thread or timer thread; may block on the engine.
     *
     * @return false if released (the action did not run)
     */
    boolean whileMember(Runnable action) {
        synchronized (membership) {
            if (released) {
                return false;
            }
            action.run();
            return true;
        }
    }

    /**
     * Unregisters from the hub and, if it was active, tells the owner it left. Once. With
     * {@code awaitDispatches} (an unsubscribe: nothing of the channel may follow its reply) it
     * waits for a dispatch of the channel in progress; without (the connection is closed) it
     * does not ({@link Subscription#cancel()}): a late publication finds the session's queue
     * closed and is dropped, so releasing a crowd while its channel is busy costs no wait each.
     */
    void release(boolean awaitDispatches) {
        Subscription toClose;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            toClose = subscription;
            subscription = null;
        }
        releaseQuietly(toClose, awaitDispatches);
        if (toClose != null) {
            synchronized (membership) {
                owner.left(this); // after any presence add or join still running (whileMember)
            }
        }
    }

    static void closeQuietly(Subscription subscription) {
        releaseQuietly(subscription, true);
    }

    /** Closes ({@code awaitDispatches}) or cancels a subscription, logging what it throws. Null is ignored. */
    private static void releaseQuietly(Subscription subscription, boolean awaitDispatches) {
        if (subscription == null) {
            return;
        }
        try {
            if (awaitDispatches) {
                subscription.close();
            } else {
                subscription.cancel();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "releasing a subscription failed: " + e);
        }
    }
}
