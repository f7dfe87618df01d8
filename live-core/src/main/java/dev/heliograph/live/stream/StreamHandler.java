package dev.heliograph.live.stream;

import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;

/**
 * The host's data-source or plugin stream: one per {@code ds/<uid>} or {@code plugin/<id>}
 * namespace, registered with {@link dev.heliograph.live.LiveNode.Builder#streamHandler}.
 *
 * <p>{@link #subscribeStream} and {@link #publishStream} are called from connection and request
 * threads, for many channels at once. {@link #runStream} is called on a thread of its own, one
 * run per channel per node: it starts when the channel's first subscriber arrives on this node
 * and is cancelled about 15 seconds (three checks at zero) after the last one left. A run that
 * throws is restarted (at once if it ran at least 100 ms, else after a growing delay capped at
 * 5 s); a run that returns normally ends the stream until a new subscriber starts it again.
 * Implementations must be thread-safe.
 */
public interface StreamHandler {

    /**
     * May the user subscribe? On OK, {@link SubscribeReply#initialData()} is returned to the
     * client (often the first frame). A NOT_FOUND or PERMISSION_DENIED reply keeps the client out
     * and starts nothing.
     */
    SubscribeReply subscribeStream(SubscribeEvent event);

    /**
     * Produces the channel's data until {@link StreamContext#isCancelled()} or until there is
     * nothing more to send. The output reaches this node's subscribers only: each node runs its
     * own stream for its own clients, so nobody sees data twice.
     *
     * @throws Exception to have the run restarted
     */
    void runStream(StreamContext context) throws Exception;

    /**
     * May the user publish to the channel? On OK with data, that data is published to the
     * channel's subscribers on every node; OK without data publishes nothing.
     */
    PublishReply publishStream(PublishEvent event);
}
