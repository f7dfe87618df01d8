package dev.heliograph.live.protocol;

/**
 * The connection under a {@link ClientSession}: implemented by each container adapter (the
 * Jakarta endpoint, a test transport). The session never calls {@link #sendText} again before
 * the previous send's callback ran, so adapters may rely on one send in flight.
 *
 * <p>Called from the session's threads; implementations must be thread-safe for
 * {@link #close} racing a send.
 */
public interface Transport {

    /**
     * Sends {@code frame} (already newline-joined JSON) as one WebSocket text frame,
     * asynchronously. {@code done} runs exactly once, from any thread, with null on success or
     * the failure.
     *
     * <p>The same frame instance may be handed to many transports at once (a push to every
     * subscriber): take {@link OutboundFrame#text()} if the container sends Strings (it is
     * decoded once for all of them), {@link OutboundFrame#utf8()} if it sends bytes.
     */
    void sendText(OutboundFrame frame, SendCallback done);

    /** Closes the connection with a WebSocket close code and a short reason. Idempotent. */
    void close(int code, String reason);

    /** Completion of {@link #sendText}. */
    @FunctionalInterface
    interface SendCallback {
        void completed(Throwable failure);
    }
}
