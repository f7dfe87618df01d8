package dev.heliograph.live.protocol;

import java.nio.ByteBuffer;

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
     * Sends one WebSocket text frame holding {@code utf8} (already newline-joined JSON),
     * asynchronously. {@code done} runs exactly once, from any thread, with null on success or
     * the failure.
     */
    void sendText(ByteBuffer utf8, SendCallback done);

    /** Closes the connection with a WebSocket close code and a short reason. Idempotent. */
    void close(int code, String reason);

    /** Completion of {@link #sendText}. */
    @FunctionalInterface
    interface SendCallback {
        void completed(Throwable failure);
    }
}
