package dev.heliograph.live.jakarta;

import dev.heliograph.live.protocol.OutboundFrame;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;

/**
 * The portable writer: {@code getAsyncRemote().sendText} with {@link OutboundFrame#text()}, the
 * one String every subscriber of a push shares (the container encodes it to UTF-8 again for each
 * connection; the Jakarta API has no text send from bytes). Used on Tomcat, on containers other
 * than embedded Jetty 12 ee11, and when {@link TextFrameWriter#NATIVE_WRITES_PROPERTY} is false.
 *
 * <p>Tomcat has the primitive we would want (its remote endpoint's {@code startMessage(opCode,
 * ByteBuffer, last, SendHandler)}), but it is package-private: reaching it would take
 * reflection into the container, so Tomcat stays on this path.
 *
 * <p>Called by {@link JakartaTransport}, one frame in flight; the completion handler is one
 * object per connection, reused for every send.
 */
final class JakartaTextWriter implements TextFrameWriter {
    private final Session session;
    private final Completion done;
    private final SendHandler onSent = this::onSent;

    JakartaTextWriter(Session session, Completion done) {
        this.session = session;
        this.done = done;
    }

    @Override
    public void write(OutboundFrame frame) {
        session.getAsyncRemote().sendText(frame.text(), onSent);
    }

    @Override
    public void writeBinary(OutboundFrame frame) {
        session.getAsyncRemote().sendBinary(frame.payload(), onSent);
    }

    @Override
    public boolean sharesBytes() {
        return false;
    }

    private void onSent(SendResult result) {
        done.written(result.isOK() ? null
                : result.getException() != null ? result.getException() : new IOException("WebSocket send failed"));
    }
}
