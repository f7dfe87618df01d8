package dev.heliograph.live.hub;

import dev.heliograph.live.channel.OrgChannel;
import java.util.concurrent.CompletionStage;

/**
 * The engine SPI: a broker that knows channels, not subscribers. It carries publications between
 * nodes, keeps channel history, presence and the managed-stream frame cache. The node's side of
 * delivery (its subscribers by channel, the fan-out to them, "nothing after close", "a throwing
 * subscriber does not stop the others") is {@link LocalFanOut}, the same for every engine.
 * {@link LocalHub} is the in-memory reference engine; the Redis engine shares everything between
 * nodes. Every engine passes the same compatibility kit.
 *
 * <p><b>Wiring.</b> A node {@link #attach attaches} one {@link Listener} (its {@link LocalFanOut})
 * before anything else, calls {@link #listen} when a channel gets its first subscriber on this
 * node and {@link #unlisten} after its last one left. The engine hands the listener every
 * publication of a listened channel, from any node, including this one.
 *
 * <p><b>Threading.</b> All methods are thread-safe and never block on the network: the stages
 * complete later, on an engine thread or at once. {@link #listen} and {@link #unlisten} are called
 * inside the node's update of the channel and must only record or enqueue.
 *
 * <p><b>Ordering.</b> Publications to one channel reach the listener in one order, the order of
 * their offsets when history is on (concurrent publishers included); without history, in the
 * order they were made from one thread. No order is promised across channels.
 *
 * <p><b>Isolation.</b> An {@link OrgChannel} is the unit: the same channel id in two orgs is
 * two channels that never see each other's messages, history, presence or frames.
 *
 * <p><b>Recovery after a lost subscription.</b> A distributed engine that lost its backend
 * subscription (connection cut, failover) and listens again must call
 * {@link Listener#onResubscribed} for every listened channel once its subscription is active
 * again. Publications made in between did not reach the listener; the node closes that gap
 * itself for channels with history: it reads {@link #history} since the last position it
 * delivered, delivers what is newer in offset order and drops live deliveries it already passed
 * on (offset not above the last one delivered). So the engine only promises that history is
 * written atomically with the broadcast (what history holds was or will be broadcast) and that
 * {@code onResubscribed} comes after the subscription is active again; an epoch change tells
 * the node (and its clients) that the gap cannot be closed.
 */
public interface Hub extends AutoCloseable {

    /**
     * Where an engine delivers. Called on the engine's delivery thread (the publisher's for
     * {@link LocalHub}, the listener thread for Redis); for one channel never concurrently.
     * Implementations return quickly and never throw back into the engine.
     */
    interface Listener {
        /**
         * A publication of a listened channel, with its {@link Publication#position()} when it
         * was kept in history. An engine may also deliver channels nobody listens to; they are
         * dropped.
         */
        void onPublication(Publication publication);

        /**
         * The engine listens to {@code channel} again after losing its subscription: publications
         * may have been missed since the last one delivered. See the class doc.
         */
        void onResubscribed(OrgChannel channel);

        /** The engine closed: nothing more will be delivered and the node must stop subscribing. */
        void onClosed();

        /**
         * A node-to-node control message sent with {@link #sendControl} by any node, this one
         * included. The bytes are the sender's, uninterpreted by the engine. Called on the
         * engine's delivery thread (the sender's for {@link LocalHub}): hand work off, never
         * block. Does nothing by default, for listeners that take no control messages.
         */
        default void onControl(byte[] message) {}
    }

    /**
     * Sets the one listener this engine delivers to. Called once, by the node, before any
     * {@link #listen}.
     *
     * @throws IllegalStateException when a listener is already attached (one engine serves one node)
     */
    void attach(Listener listener);

    /**
     * Publishes to the channel's listeners on every node. When {@code history} is enabled the
     * publication is appended to the channel's stream first and gets the next offset; the stage
     * completes with that position. Without history it completes with null. Never blocks: the
     * stage completes once the engine accepted the message (in memory: delivered, or queued on
     * the node's parallel fan-out lanes for a big channel; Redis: written
     * to Redis, possibly pipelined with other publishes), or exceptionally with
     * {@link HubUnavailableException} if the backend cannot be reached (nothing reached other
     * nodes; the caller reports it or retries). After close, publishes are ignored (the stage
     * completes with null).
     */
    CompletionStage<StreamPosition> publish(Publication publication, HistoryOptions history);

    /** {@link #publish(Publication, HistoryOptions)} without history. */
    default CompletionStage<StreamPosition> publish(Publication publication) {
        return publish(publication, HistoryOptions.NONE);
    }

    /** This node wants the channel's publications (its first local subscriber arrived). Idempotent. */
    void listen(OrgChannel channel);

    /** This node no longer wants the channel's publications (its last local subscriber left). */
    void unlisten(OrgChannel channel);

    /**
     * Completes once publications of {@code channel} made from now on reach the listener. For an
     * engine that delivers in-process that is at once (the default); a distributed engine
     * completes it when its backend confirmed the subscription {@link #listen} started. A
     * positioned subscribe reads the channel's history only after this, so nothing published
     * between the history read and the engine's subscription is missed (the Centrifuge server
     * subscribes to its broker synchronously for the same reason). Called on the client's command
     * thread after {@link #listen}; never blocks. May complete exceptionally with
     * {@link HubUnavailableException}.
     */
    default CompletionStage<Void> whenListening(OrgChannel channel) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /**
     * Reads the channel's history stream (see {@link HistoryQuery}); the stage completes with the
     * publications, each with its position, and the stream's top. {@link HistoryQuery#TOP} is
     * cheap: one small read. A channel without a stream answers no publications and top offset 0
     * in a fresh epoch. Completes exceptionally with {@link HubUnavailableException} when the
     * backend cannot be reached, or {@link UnsupportedOperationException} from an engine that
     * keeps no history.
     */
    CompletionStage<HistoryResult> history(OrgChannel channel, HistoryQuery query);

    /**
     * The backend connection's meters (up, reconnects, PUB/SUB lag) of a distributed engine;
     * null for an in-process engine, which has no backend.
     */
    default @org.jspecify.annotations.Nullable EngineMetrics engineMetrics() {
        return null;
    }

    /**
     * Broadcasts a control message (a server-side disconnect, a command of an emulated
     * connection) to the {@link Listener#onControl} of every node, this one included, with no
     * sticky routing: the node that owns the target acts on it, the others ignore it. Never
     * blocks: completes once the engine accepted the message, exceptionally with
     * {@link HubUnavailableException} when the backend cannot be reached; after close, with null
     * and nothing sent. The default completes exceptionally with
     * {@link UnsupportedOperationException}: engines that span nodes must override it.
     */
    default CompletionStage<Void> sendControl(byte[] message) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new UnsupportedOperationException(getClass().getName() + " carries no control messages"));
    }

    /** Presence shared by all nodes. */
    Presence presence();

    /** The managed-stream frame cache shared by all nodes. */
    FrameCache frameCache();

    /**
     * Releases threads and connections and tells the listener {@link Listener#onClosed()}.
     * Idempotent; returns within a few seconds whatever the backend's state.
     */
    @Override
    void close();
}
