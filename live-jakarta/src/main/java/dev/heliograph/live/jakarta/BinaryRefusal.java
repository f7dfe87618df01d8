package dev.heliograph.live.jakarta;

import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The binary message handler of {@link LiveEndpoint}: the JSON protocol speaks in text frames
 * only, so a binary message closes the connection with 1003 (unsupported data) and a reason that
 * says what to send instead. Without it Jetty and Tomcat drop binary frames silently and the
 * client waits for a reply forever. (A connection that negotiated {@code centrifuge-protobuf}
 * takes binary frames with {@link BinaryAssembler} instead.) The close waits for the end of the message
 * ({@link MessageDrain}). Called on the container's message thread of the connection.
 */
final class BinaryRefusal implements MessageHandler.Partial<ByteBuffer> {
    /** The close reason; at most 123 bytes. */
    static final String REASON = "binary frames are not supported: send commands as JSON text frames";

    private final JakartaTransport transport;
    private @Nullable MessageDrain drain; // made on the first binary frame: most connections never send one

    BinaryRefusal(JakartaTransport transport) {
        this.transport = transport;
    }

    @Override
    public void onMessage(ByteBuffer part, boolean last) {
        if (drain == null) {
            drain = new MessageDrain(() -> transport.close(CloseReason.CloseCodes.CANNOT_ACCEPT.getCode(), REASON));
        }
        drain.part(part.remaining(), last);
    }
}
