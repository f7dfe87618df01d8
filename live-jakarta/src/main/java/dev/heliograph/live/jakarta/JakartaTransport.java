package dev.heliograph.live.jakarta;

import dev.heliograph.live.protocol.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Transport} over one Jakarta WebSocket {@link Session}: sends each batch as one text
 * frame with {@code getAsyncRemote().sendText} (the session keeps at most one send in flight,
 * which is all Tomcat allows; Jetty would queue without limit) and closes with the protocol's
 * codes.
 *
 * <p><b>Closing while a send is in flight.</b> Tomcat cannot write a close frame while a message
 * is being written: it drops the connection without a close code, so a slow client (the very
 * case for 3008) would never learn why it was closed. So a close requested during a send waits
 * for that send to finish, and is forced after {@link #CLOSE_GRACE} if the client still does
 * not read. Jetty behaves the same way through this path.
 *
 * <p>The Jakarta API only sends text from a {@code String}, so the UTF-8 batch is decoded here
 * and re-encoded by the container; both containers re-encode every text send anyway.
 *
 * <p>Thread-safe: sends come from the session's writer, {@link #close} from any thread.
 */
final class JakartaTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(JakartaTransport.class.getName());

    /** How long a close waits for the send in flight before the connection is dropped. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final Session session;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean inFlight;
    private boolean closeRequested;
    private int pendingCode;
    private String pendingReason;

    JakartaTransport(Session session, ScheduledExecutorService scheduler) {
        this.session = session;
        this.scheduler = scheduler;
    }

    @Override
    public void sendText(ByteBuffer utf8, SendCallback done) {
        synchronized (this) {
            if (closeRequested) {
                done.completed(new IOException("WebSocket " + session.getId() + " is closing"));
                return;
            }
            inFlight = true;
        }
        String text;
        if (utf8.hasArray()) {
            text = new String(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining(), StandardCharsets.UTF_8);
        } else {
            text = StandardCharsets.UTF_8.decode(utf8.duplicate()).toString();
        }
        try {
            session.getAsyncRemote().sendText(text, result -> {
                sendFinished();
                done.completed(result.isOK() ? null : failure(result.getException()));
            });
        } catch (RuntimeException e) {
            // a closed session or a container refusing the send: report it through the callback
            sendFinished();
            done.completed(e);
        }
    }

    @Override
    public void close(int code, String reason) {
        synchronized (this) {
            if (closeRequested) {
                return;
            }
            closeRequested = true;
            if (inFlight) {
                pendingCode = code;
                pendingReason = reason;
                schedule(() -> closeNow(code, reason), CLOSE_GRACE.toMillis());
                return;
            }
        }
        closeNow(code, reason);
    }

    /** The container closed the connection; later {@link #close} calls do nothing. */
    void markClosed() {
        closed.set(true);
    }

    private void sendFinished() {
        int code;
        String reason;
        synchronized (this) {
            inFlight = false;
            if (!closeRequested || pendingReason == null) {
                return;
            }
            code = pendingCode;
            reason = pendingReason;
            pendingReason = null;
        }
        // not inside the container's completion callback: the send is not fully released there
        schedule(() -> closeNow(code, reason), 0);
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            task.run(); // the timer pool is shutting down: close now
        }
    }

    private void closeNow(int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), truncate(reason)));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing WebSocket " + session.getId() + " with " + code + " failed", e);
        }
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
