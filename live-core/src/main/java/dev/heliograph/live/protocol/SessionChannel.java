package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import dev.heliograph.live.hub.Subscriber;
import dev.heliograph.live.hub.Subscription;
import dev.heliograph.live.hub.WireFormat;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One channel of one {@link ClientSession}: its {@link Subscriber} with the hub, the options the
 * handler's subscribe reply chose (presence, join/leave), and the hold-back that keeps pushes
 * behind the subscribe reply. Until {@link #goLive()} (run right after the reply was queued)
 * publications are held; then each is encoded once for all subscribers
 * ({@link Publication#encodeOnce}) and handed to the session's queue.
 *
 * <p><b>Positioned channels</b> (the handler's reply enabled recovery) also keep the last
 * offset sent to the client: a publication at or below it is a replay and is dropped (it came in
 * the subscribe reply's recovered publications, or twice from the engine); one that skips offsets
 * or comes in another epoch means the client missed publications that nothing will deliver any
 * more (the node's own gap recovery failed, the stream was lost): the channel stops delivering
 * and asks its owner to send the client 2500 "insufficient state", as the Centrifuge server does,
 * so the client resubscribes and recovers from history or learns it could not. An empty epoch,
 * or a stream that was empty when subscribing and starts again at offset 1 in a new epoch, is
 * adopted rather than treated as a loss.
 *
 * <p>{@link #onPublication} runs on the hub's dispatch threads and never blocks; the other
 * methods run on the session's command thread, its closing thread, or (the end of a positioned
 * subscribe) the engine thread that completed the history read.
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

        /**
         * A positioned channel saw a gap it cannot close: unsubscribe it and tell the client
         * (2500). Called once per channel, on a dispatch thread: must not block or re-enter the hub.
         */
        void insufficientState(SessionChannel channel);
    }

    private final OrgChannel channel;
    private final Owner owner;
    /** Held while presence is recorded or the join announced, and by the leave after a release. */
    private final Object membership = new Object();
    private final long holdLimitBytes;
    private final WireFormat<OutboundFrame> format;
    private @Nullable Subscription subscription;
    private volatile boolean presence;
    private volatile boolean joinLeave;
    private volatile boolean live;
    private volatile boolean released;
    private volatile long expiresAtMillis; // the subscription token's exp (epoch ms); 0 for never
    private volatile boolean positioned;
    /** The last position sent to the client on a positioned channel; guarded by {@code this}. */
    private @Nullable StreamPosition sent;
    private volatile boolean insufficient;
    private boolean joinAnnounced; // guarded by membership
    private @Nullable List<Publication> held = new ArrayList<>(0);
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
        requireNonNull(held, "held until goLive").add(publication);
        heldBytes += publication.data() == null ? 64 : publication.data().length();
        if (heldBytes > holdLimitBytes) {
            owner.overflow();
        }
    }

    private void deliver(Publication publication) {
        if (publication.kind() != Publication.Kind.PUBLICATION && !joinLeave) {
            return;
        }
        if (positioned && publication.position() != null && !inSequence(publication.position())) {
            return;
        }
        owner.push(publication.encodeOnce(format));
    }

    /**
     * Whether a positioned publication is the next one for the client (then it becomes the last
     * sent); false for a replay (dropped) and after a gap (the owner is told once, everything
     * after is dropped). Publications of one channel come from one dispatch at a time, so this
     * lock is never contended but by {@link #goLive}.
     */
    private synchronized boolean inSequence(StreamPosition p) {
        if (insufficient) {
            return false;
        }
        StreamPosition last = sent;
        if (last == null) {
            sent = p;
            return true;
        }
        boolean adopt = last.epoch().isEmpty() || last.offset() == 0 && p.offset() == 1;
        if (!p.epoch().equals(last.epoch()) && !adopt) {
            gap(last, p);
            return false;
        }
        if (p.sameEpoch(last) && p.offset() <= last.offset()) {
            return false; // a replay: the client has it
        }
        long expected = p.sameEpoch(last) ? last.offset() + 1 : 1;
        if (p.offset() != expected) {
            gap(last, p);
            return false;
        }
        sent = p;
        return true;
    }

    private void gap(StreamPosition last, StreamPosition p) {
        insufficient = true;
        LOG.log(Level.DEBUG, () -> "insufficient state in " + channel + ": sent " + last.offset() + "/" + last.epoch()
                + ", next publication is " + p.offset() + "/" + p.epoch());
        owner.insufficientState(this);
    }

    /** Records the hub registration and the reply's options; false if already released. */
    synchronized boolean activate(@Nullable Subscription subscription, boolean presence, boolean joinLeave) {
        return activate(subscription, presence, joinLeave, false);
    }

    /**
     * Records the hub registration and the reply's options, {@code positioned} when the reply
     * enabled recovery; false if already released.
     */
    synchronized boolean activate(@Nullable Subscription subscription, boolean presence, boolean joinLeave, boolean positioned) {
        if (released) {
            closeQuietly(subscription);
            return false;
        }
        this.subscription = subscription;
        this.presence = presence;
        this.joinLeave = joinLeave;
        this.positioned = positioned;
        return true;
    }

    /** The engine keeps no history after all: deliver as a plain channel (before {@link #goLive}). */
    void notPositioned() {
        positioned = false;
    }

    /** Runs right after the subscribe reply was queued: releases what was held back. */
    synchronized void goLive() {
        goLive(null);
    }

    /**
     * Runs right after a positioned subscribe reply was queued: the client is at {@code position}
     * (the last recovered publication, or the stream top it was told); of what was held back,
     * publications at or below it are dropped (the client has them) and the rest is sent.
     */
    synchronized void goLive(@Nullable StreamPosition position) {
        sent = position;
        if (!released) {
            for (Publication publication : requireNonNull(held, "goLive runs once")) {
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

    static void closeQuietly(@Nullable Subscription subscription) {
        releaseQuietly(subscription, true);
    }

    /** Closes ({@code awaitDispatches}) or cancels a subscription, logging what it throws. Null is ignored. */
    private static void releaseQuietly(@Nullable Subscription subscription, boolean awaitDispatches) {
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
