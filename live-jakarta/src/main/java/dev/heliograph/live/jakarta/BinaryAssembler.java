package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.protocol.ClientSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The binary message handler of a {@link LiveEndpoint} that negotiated
 * {@code centrifuge-protobuf}: joins the parts of a fragmented message, enforces the size limit
 * (closing with 1009 once the client has sent the rest of the message, {@link MessageDrain})
 * and hands each whole message to {@link ClientSession#onBinary}. Called on the container's
 * message thread of the connection, one part at a time.
 */
final class BinaryAssembler implements MessageHandler.Partial<ByteBuffer> {
    private final ClientSession session;
    private final JakartaTransport transport;
    private final long limit;
    private byte @Nullable [] pending;
    private int pendingLength;
    private @Nullable MessageDrain discarding;

    BinaryAssembler(ClientSession session, JakartaTransport transport, int limit) {
        this.session = session;
        this.transport = transport;
        this.limit = limit == LiveSettings.UNLIMITED ? Long.MAX_VALUE : limit;
    }

    @Override
    public void onMessage(ByteBuffer part, boolean last) {
        if (discarding != null) {
            discarding.part(part.remaining(), last);
            return;
        }
        long bytes = (long) pendingLength + part.remaining();
        if (bytes > limit || bytes > Integer.MAX_VALUE - 8) {
            discarding = new MessageDrain(() -> transport.close(CloseReason.CloseCodes.TOO_BIG.getCode(),
                    "message too big"));
            pending = null;
            discarding.part(bytes, last);
            return;
        }
        if (pending == null && last) {
            byte[] message = new byte[part.remaining()];
            part.get(message);
            session.onBinary(message);
            return;
        }
        if (pending == null) {
            pending = new byte[Math.max(256, part.remaining() * 2)];
        } else if (bytes > pending.length) {
            pending = Arrays.copyOf(pending, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(bytes, 2L * pending.length)));
        }
        int n = part.remaining();
        part.get(pending, pendingLength, n);
        pendingLength += n;
        if (last) {
            byte[] message = Arrays.copyOf(pending, pendingLength);
            pending = null;
            pendingLength = 0;
            session.onBinary(message);
        }
    }
}
