package dev.heliograph.live.jakarta;

/**
 * The rest of an inbound WebSocket message that an endpoint refused (too big, or binary on the
 * JSON protocol): its parts are counted and dropped, and the close is sent once the client has
 * sent the whole message, or after {@link #LIMIT} more bytes.
 *
 * <p>Why wait: Jetty drops the connection right after sending any close code other than 1000 and
 * 1001. Closed in the middle of a message, the unread rest of it turns that into a TCP reset, and
 * a client still sending sees 1006 instead of the code (Tomcat reads on until the client's close
 * frame, but waiting costs it nothing). Beyond the limit the client is cut off anyway.
 *
 * <p>Used by one connection's message handler, on the container's thread for that connection.
 */
final class MessageDrain {
    /** Most bytes of a refused message read and dropped before the close: 32 MiB. */
    static final long LIMIT = 32L * 1024 * 1024;

    private final Runnable close;
    private long drained;
    private boolean closed;

    /** {@code close} sends the close frame; it runs once. */
    MessageDrain(Runnable close) {
        this.close = close;
    }

    /** One more part of the refused message: {@code bytes} long, the message's last when {@code last}. */
    void part(long bytes, boolean last) {
        if (closed) {
            return;
        }
        drained += bytes;
        if (last || drained > LIMIT) {
            closed = true;
            close.run();
        }
    }
}
