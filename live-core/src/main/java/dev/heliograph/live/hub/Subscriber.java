package dev.heliograph.live.hub;

/**
 * Receives the publications of the channels it is subscribed to on this node. Registered with
 * {@link LocalFanOut#subscribe}.
 *
 * <p>Called from the engine's dispatch thread (the publisher's thread for {@link LocalHub}, the
 * Redis listener thread for the Redis engine); publications of one channel arrive in order.
 * Implementations must return quickly and never block: hand the message to a queue. An
 * exception thrown here is logged by the node's fan-out and does not affect other subscribers.
 */
@FunctionalInterface
public interface Subscriber {
    void onPublication(Publication publication);
}
