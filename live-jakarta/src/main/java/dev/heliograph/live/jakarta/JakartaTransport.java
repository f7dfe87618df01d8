package dev.heliograph.live.jakarta;

import dev.heliograph.live.protocol.OutboundFrame;
import dev.heliograph.live.protocol.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Transport} over one Jakarta WebSocket {@link Session}: sends each batch as one text
 * frame through its {@link TextFrameWriter} (the session keeps at most one send in flight, which
 * is all Tomcat allows; Jetty would queue without limit) and closes with the protocol's codes.
 *
 * <p><b>Closing while a send is in flight.</b> Tomcat cannot write a close frame while a message
 * is being written: it drops the connection without a close code, so a slow client (the very
 * case for 3008) would never learn why it was closed. So a close requested during a send waits
 * for that send to finish, and is forced after {@link #CLOSE_GRACE} if the client still does
 * not read. Jetty behaves the same way through this path.
 *
 * <p>The Jakarta API only sends text from a {@code String}, so this sends
 * {@link OutboundFrame#text()}: a push that leaves alone is decoded once per publication and
 * the same String goes to every subscriber; the container re-encodes it per connection (both
 * containers encode every text send; the API offers no way around it). The completion handler
 * is one object per connection, reused for every send (there is one in flight at a time).
 *
 * <p>Protobuf connections send binary frames ({@link #sendBinary}) through the same writer and
 * the same in-flight and close rules; those go out from the frame's shared bytes on both paths.
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
    private final TextFrameWriter writer;
    /**
     * The callback of the send in flight (valid while {@link #inFlight}). Written only when it
     * changes: the queue passes the same object for every send, and a reference store per
     * delivery into a long-lived object costs G1 a card to refine.
     */
    private @Nullable SendCallback pending;
    private boolean inFlight;
    private boolean closeRequested;
    private int pendingCode;
    private @Nullable String pendingReason;

    JakartaTransport(Session session, ScheduledExecutorService scheduler) {
        this.session = session;
        this.scheduler = scheduler;
        this.writer = TextFrameWriter.forSession(session, this::sendFinished);
    }

    /** True when frames go out as shared bytes below the Jakarta API (Jetty's core session). */
    boolean sharesBytes() {
        return writer.sharesBytes();
    }

    @Override
    public void sendText(OutboundFrame frame, SendCallback done) {
        send(frame, done, false);
    }

    /**
     * Sends a Protobuf frame as one binary frame through the same writer, from the frame's
     * shared read-only bytes (no copy, no re-encoding, on either path). Same one-send-in-flight
     * and close rules as {@link #sendText}.
     */
    @Override
    public void sendBinary(OutboundFrame frame, SendCallback done) {
        send(frame, done, true);
    }

    /**
     * One send in flight: refused once a close was requested, else written (text or binary) with
     * {@code done} pending. No lambda: this is the per-delivery path.
     */
    @SuppressWarnings("ReferenceEquality") // identity: the queue passes the same callback object every time
    private void send(OutboundFrame frame, SendCallback done, boolean binary) {
        synchronized (this) {
            if (closeRequested) {
                done.completed(new IOException("WebSocket " + session.getId() + " is closing"));
                return;
            }
            inFlight = true;
            if (pending != done) {
                pending = done;
            }
        }
        try {
            if (binary) {
                writer.writeBinary(frame);
            } else {
                writer.write(frame);
            }
        } catch (RuntimeException e) {
            // a closed session or a container refusing the send: report it through the callback
            sendFinished(e);
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

    /** Closes at once, even with a send in flight that the peer does not read (a shutdown out of time). */
    @Override
    public void abort(int code, String reason) {
        synchronized (this) {
            closeRequested = true;
            pendingReason = null; // a close waiting for the send in flight is overtaken
        }
        closeNow(code, reason);
    }

    /** The container closed the connection; later {@link #close} calls do nothing. */
    void markClosed() {
        closed.set(true);
    }

    /** The send in flight ended: runs its callback once, then a close that waited for it. */
    private void sendFinished(@Nullable Throwable failure) {
        SendCallback done;
        int code = 0;
        String reason = null;
        synchronized (this) {
            done = pending;
            if (!inFlight || done == null) {
                return; // the container reported this send twice (failed and threw): once is enough
            }
            inFlight = false;
            if (closeRequested && pendingReason != null) {
                code = pendingCode;
                reason = pendingReason;
                pendingReason = null;
            }
        }
        if (reason != null) {
            closeSoon(code, reason);
        }
        done.completed(failure);
    }

    /** Not inside the container's completion callback: the send is not fully released there. */
    private void closeSoon(int code, String reason) {
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

    /** Close reasons are limited to 123 bytes of UTF-8; ours are ASCII. */
    private static String truncate(String reason) {
        if (reason == null) {
            return "";
        }
        return reason.length() <= 123 ? reason : reason.substring(0, 123);
    }
}
