package dev.heliograph.live.hub;

/**
 * A subscriber's registration with one channel on this node. {@link #close()} unregisters it:
 * once it returns, no further publication reaches the subscriber. Idempotent; any thread.
 */
public interface Subscription extends AutoCloseable {
    @Override
    void close();

    /**
     * Unregisters without waiting for dispatches of the channel already running on other threads:
     * a publication being handed out at this moment may still reach the subscriber once, nothing
     * later will. For subscribers that ignore late publications anyway (a closed connection):
     * releasing thousands of them while the channel is busy then costs no wait per subscriber.
     * Idempotent; any thread. By default the same as {@link #close()}.
     */
    default void cancel() {
        close();
    }
}
