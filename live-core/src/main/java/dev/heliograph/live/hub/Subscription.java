package dev.heliograph.live.hub;

/**
 * A subscriber's registration with one channel on this node. {@link #close()} unregisters it:
 * once it returns, no further publication reaches the subscriber. Idempotent; any thread.
 */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
