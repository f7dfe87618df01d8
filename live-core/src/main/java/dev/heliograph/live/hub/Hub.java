package dev.heliograph.live.hub;

import dev.heliograph.live.channel.OrgChannel;
import java.util.concurrent.CompletionStage;

/**
 * The engine SPI: how publications reach subscribers, where presence and the frame cache live.
 * {@link LocalHub} is the in-memory reference engine; the Redis engine shares everything
 * between nodes. Every engine passes the same compatibility kit.
 *
 * <p><b>Threading.</b> All methods are thread-safe. {@link #subscribe} and
 * {@link #publishLocal} never block on the network.
 *
 * <p><b>Ordering.</b> Publications to one channel made from one thread reach each subscriber
 * in the order they were made. No order is promised across channels.
 *
 * <p><b>Isolation.</b> An {@link OrgChannel} is the unit: the same channel id in two orgs is
 * two channels that never see each other's messages, presence or frames.
 */
public interface Hub extends AutoCloseable {

    /**
     * Publishes to the channel's subscribers on every node. Never blocks: the returned stage
     * completes once the engine accepted the message (in memory: delivered; Redis: written to
     * Redis, possibly pipelined with other publishes), or completes exceptionally with
     * {@link HubUnavailableException} if the backend cannot be reached (nothing reached other
     * nodes; the caller reports it or retries).
     */
    CompletionStage<Void> publish(Publication publication);

    /**
     * Delivers to this node's subscribers only, synchronously on the caller's thread. Used for
     * data-source stream output, which each node produces for its own subscribers.
     */
    void publishLocal(Publication publication);

    /**
     * Registers a node-local subscriber. The first subscriber of a channel on this node makes a
     * distributed engine start listening to it; closing the last one stops that.
     */
    Subscription subscribe(OrgChannel channel, Subscriber subscriber);

    /** Subscribers of the channel on this node. */
    int localSubscriberCount(OrgChannel channel);

    /** Presence shared by all nodes. */
    Presence presence();

    /** The managed-stream frame cache shared by all nodes. */
    FrameCache frameCache();

    /**
     * Releases threads and connections. Idempotent; returns within a few seconds whatever the
     * backend's state. After close, publishes are ignored and subscribe throws.
     */
    @Override
    void close();
}
