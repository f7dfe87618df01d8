package dev.heliograph.live.jakarta;

import dev.heliograph.live.protocol.OutboundFrame;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

/**
 * Writes one whole text frame of a connection, the way its container allows: through Jetty's
 * core WebSocket session with the frame's shared bytes when the endpoint runs on embedded Jetty
 * 12 (ee11), otherwise through the Jakarta async remote with the frame's shared String. Binary
 * frames (Protobuf connections) go through {@link #writeBinary}, from shared bytes on both paths.
 *
 * <p>Chosen once per connection by {@link #forSession} when {@link JakartaTransport} is built
 * in {@code onOpen}; called by that transport with at most one frame in flight; the completion
 * runs on the container's thread, possibly inside {@link #write}.
 */
interface TextFrameWriter {

    /**
     * The system property that turns the native path off ({@code false}); read at every
     * connection's open, so a test or an operator can force the portable Jakarta path.
     */
    String NATIVE_WRITES_PROPERTY = "heliograph.live.jakarta.nativeWrites";

    /** The end of one write: {@code failure} is null when the frame was written. */
    @FunctionalInterface
    interface Completion {
        void written(@Nullable Throwable failure);
    }

    /** Starts writing {@code frame}; {@code Completion} runs once when it is done or failed. */
    void write(OutboundFrame frame);

    /**
     * Starts writing {@code frame} as one binary frame (a Protobuf connection) from its shared
     * read-only bytes; {@code Completion} runs once as for {@link #write}.
     */
    void writeBinary(OutboundFrame frame);

    /** True when frames go out as shared bytes below the Jakarta API (for tests and logs). */
    boolean sharesBytes();

    /** The best writer for {@code session}: Jetty's core session if reachable and allowed, else Jakarta. */
    static TextFrameWriter forSession(Session session, Completion done) {
        if (!"false".equalsIgnoreCase(System.getProperty(NATIVE_WRITES_PROPERTY)) && JettyCoreProbe.AVAILABLE) {
            TextFrameWriter jetty = JettyCoreWriter.forSession(session, done);
            if (jetty != null) {
                return jetty;
            }
        }
        return new JakartaTextWriter(session, done);
    }
}
