package dev.heliograph.live.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The connection under a {@link ClientSession}: implemented by each container adapter (the
 * Jakarta endpoint, a test transport). The session never calls {@link #sendText} again before
 * the previous send's callback ran, so adapters may rely on one send in flight.
 *
 * <p><b>Threads.</b> {@link #sendText} is called from whichever thread produced the output: the
 * connection's command thread (replies), a hub dispatch thread writing one push to every
 * subscriber of a channel, or the protocol's timer pool (pings, closes). {@link #close} comes
 * from the command thread or the timer pool. Implementations must be thread-safe for a close
 * racing a send.
 *
 * <p><b>Events back to the session may arrive on the sender's stack.</b> A container may run
 * the send callback, or report the connection closed ({@link ClientSession#onTransportClosed()}),
 * inside {@code sendText}, e.g. when the write to a vanished peer fails at once. That is
 * allowed: the session only records such events there and hands the work they cause (the
 * release of subscriptions and presence, leave announcements, closing) to its timer pool, so a
 * dispatch thread writing to thousands of dead connections never runs their cleanups, nor
 * recurses through them. Adapters need not, and should not, add their own hand-off.
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

    /**
     * Sends {@code frame} (already joined, length-delimited Protobuf messages) as one WebSocket
     * binary frame, asynchronously, under the same contract as {@link #sendText}: one send in
     * flight, {@code done} exactly once, the frame shared with other transports (send
     * {@link OutboundFrame#payload()}, never write to it). Only sessions speaking a binary
     * {@link WireProtocol} call it; by default it fails the send, for transports that carry
     * JSON only.
     */
    default void sendBinary(OutboundFrame frame, SendCallback done) {
        done.completed(new UnsupportedOperationException(getClass().getName() + " does not send binary frames"));
    }

    /** Closes the connection with a WebSocket close code and a short reason. Idempotent. */
    void close(int code, String reason);

    /**
     * Closes the connection now, even with a send in flight that a peer is not reading (a
     * shutdown whose time is up). By default the same as {@link #close}. Idempotent.
     */
    default void abort(int code, String reason) {
        close(code, reason);
    }

    /**
     * Whether this is an emulated connection (HTTP-streaming, SSE): the server's messages flow
     * on a long response and the client posts its commands to the emulation endpoint, perhaps
     * of another node. The session then answers connect with a {@code session} and {@code node}
     * for those posts. False by default (a WebSocket).
     */
    default boolean emulation() {
        return false;
    }

    /** Completion of {@link #sendText}. */
    @FunctionalInterface
    interface SendCallback {
        void completed(@Nullable Throwable failure);
    }
}
