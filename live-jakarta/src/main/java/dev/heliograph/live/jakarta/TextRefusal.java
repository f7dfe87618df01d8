package dev.heliograph.live.jakarta;

import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import org.jspecify.annotations.Nullable;

/**
 * The text message handler of a {@link LiveEndpoint} that negotiated {@code centrifuge-protobuf}:
 * that protocol speaks in binary frames only, so a text message closes the connection with 1003
 * (unsupported data) and a reason saying so, once the client sent the whole message
 * ({@link MessageDrain}); the mirror of {@link BinaryRefusal}. Called on the container's message
 * thread of the connection.
 */
final class TextRefusal implements MessageHandler.Partial<String> {
    /** The close reason; at most 123 bytes. */
    static final String REASON = "text frames are not supported on centrifuge-protobuf: send Protobuf commands in binary frames";

    private final JakartaTransport transport;
    private @Nullable MessageDrain drain;

    TextRefusal(JakartaTransport transport) {
        this.transport = transport;
    }

    @Override
    public void onMessage(String part, boolean last) {
        if (drain == null) {
            drain = new MessageDrain(() -> transport.close(CloseReason.CloseCodes.CANNOT_ACCEPT.getCode(), REASON));
        }
        drain.part(part.length(), last);
    }
}
