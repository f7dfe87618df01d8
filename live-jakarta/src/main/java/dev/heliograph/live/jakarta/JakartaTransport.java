package dev.heliograph.live.jakarta;

import dev.heliograph.live.protocol.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Transport} over one Jakarta WebSocket {@link Session}: sends each batch as one text
 * frame with {@code getAsyncRemote().sendText} (the session keeps at most one send in flight,
 * which is all Tomcat allows; Jetty would queue without limit) and closes with the protocol's
 * codes.
 *
 * <p>The Jakarta API only sends text from a {@code String}, so the UTF-8 batch is decoded once
 * here and re-encoded by the container; both containers do that for every text send anyway.
 *
 * <p>Thread-safe: sends come from the session's writer, {@link #close} from any thread.
 */
final class JakartaTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(JakartaTransport.class.getName());

    private final Session session;
    private final AtomicBoolean closed = new AtomicBoolean();

    JakartaTransport(Session session) {
        this.session = session;
    }

    @Override
    public void sendText(ByteBuffer utf8, SendCallback done) {
        String text;
        if (utf8.hasArray()) {
            text = new String(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining(), StandardCharsets.UTF_8);
        } else {
            text = StandardCharsets.UTF_8.decode(utf8.duplicate()).toString();
        }
        try {
            session.getAsyncRemote().sendText(text, result -> done.completed(result.isOK() ? null : failure(result.getException())));
        } catch (RuntimeException e) {
            // closed session or a container refusing the send: report it through the callback, once
            done.completed(e);
        }
    }

    @Override
    public void close(int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), truncate(reason)));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing WebSocket " + session.getId() + " with " + code + " failed", e);
        }
    }

    /** The container closed the connection; later {@link #close} calls do nothing. */
    void markClosed() {
        closed.set(true);
    }

    private static Throwable failure(Throwable t) {
        return t != null ? t : new IOException("WebSocket send failed");
    }

    /** Close reasons are limited to 123 bytes of UTF-8; ours are ASCII. */
    private static String truncate(String reason) {
        if (reason == null) {
            return "";
        }
        return reason.length() <= 123 ? reason : reason.substring(0, 123);
    }
}
