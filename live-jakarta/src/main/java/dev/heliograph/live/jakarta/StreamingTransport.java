package dev.heliograph.live.jakarta;

import dev.heliograph.live.protocol.ClientSession;
import dev.heliograph.live.protocol.Disconnect;
import dev.heliograph.live.protocol.OutboundFrame;
import dev.heliograph.live.protocol.Transport;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Transport} of an emulated connection (HTTP-streaming or SSE): the server's messages
 * go down one long asynchronous servlet response, framed by {@link StreamFraming}, written with
 * non-blocking I/O ({@link WriteListener}): no thread waits on a slow client, whose backlog stays
 * in the session's bounded queue until 3008. A send completes once its bytes were written and
 * flushed to the container.
 *
 * <p><b>Closing.</b> A response has no close code, so a close writes the reason as a disconnect
 * push (the client reads it as a WebSocket close code) and then completes the response; a close
 * requested during a send waits for that send, and is forced after
 * {@link JakartaTransport#CLOSE_GRACE}.
 *
 * <p><b>Threads.</b> {@link #sendText} comes from the session's writer (command thread, a hub
 * dispatch thread, the timer pool), {@link #onWritePossible} and the {@link AsyncListener}
 * methods from the container; one monitor orders them. The session's callback runs outside it.
 * The container's report that the client went away ({@link #onError}, {@link #onComplete})
 * only marks the session closed (its release runs on the timer pool).
 */
final class StreamingTransport implements Transport, WriteListener, AsyncListener {
    private static final System.Logger LOG = System.getLogger(StreamingTransport.class.getName());

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final StreamFraming framing;
    private final ScheduledExecutorService scheduler;
    private volatile @Nullable ClientSession session;
    // guarded by this
    private byte @Nullable [] current; // bytes being written, null when idle
    private @Nullable SendCallback callback; // of current; null for the close push
    private boolean written;
    private boolean flushed;
    private byte @Nullable [] closePush; // to write once current is done
    private boolean closeRequested;
    private boolean completed;

    StreamingTransport(AsyncContext async, ServletOutputStream out, StreamFraming framing,
            ScheduledExecutorService scheduler) {
        this.async = async;
        this.out = out;
        this.framing = framing;
        this.scheduler = scheduler;
    }

    /** The session this transport feeds its closes to; set once, right after it was created. */
    void attach(ClientSession session) {
        this.session = session;
    }

    @Override
    public boolean emulation() {
        return true;
    }

    @Override
    public void sendText(OutboundFrame frame, SendCallback done) {
        java.nio.ByteBuffer utf8 = frame.utf8();
        byte[] messages = new byte[utf8.remaining()];
        utf8.get(messages);
        byte[] bytes = framing.frame(messages);
        synchronized (this) {
            if (closeRequested || completed) {
                done.completed(new IOException("emulated connection is closing"));
                return;
            }
            current = bytes;
            callback = done;
            written = false;
            flushed = false;
        }
        pump();
    }

    @Override
    public void onWritePossible() {
        pump();
    }

    /**
     * Writes as far as the container lets us without blocking: the current bytes, a flush, then
     * the close push and the completion of the response. Runs the finished send's callback
     * outside the monitor.
     */
    private void pump() {
        SendCallback finished = null;
        Throwable failure = null;
        boolean complete = false;
        synchronized (this) {
            if (completed) {
                return;
            }
            try {
                while (true) {
                    if (current == null) {
                        if (closePush != null) {
                            current = closePush;
                            closePush = null;
                            callback = null;
                            written = false;
                            flushed = false;
                        } else {
                            complete = closeRequested;
                            break;
                        }
                    }
                    if (!out.isReady()) {
                        break; // onWritePossible follows
                    }
                    if (!written) {
                        out.write(current);
                        written = true;
                    } else if (!flushed) {
                        out.flush();
                        flushed = true;
                    } else {
                        finished = callback;
                        current = null;
                        callback = null;
                        if (finished != null) {
                            break; // its callback may send again: run it first
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
                finished = callback;
                callback = null;
                current = null;
                complete = true;
            }
            if (complete) {
                completed = true;
            }
        }
        if (finished != null) {
            finished.completed(failure);
            if (failure == null) {
                pump(); // a close may wait behind that send
            }
        }
        if (complete) {
            completeResponse();
        }
    }

    @Override
    public void close(int code, String reason) {
        synchronized (this) {
            if (closeRequested || completed) {
                return;
            }
            closeRequested = true;
            closePush = new Disconnect(code, reason == null ? "" : reason).toPush();
            closePush = framing.frame(closePush);
            if (current != null) {
                schedule(this::forceComplete, JakartaTransport.CLOSE_GRACE);
            }
        }
        pump();
    }

    @Override
    public void abort(int code, String reason) {
        forceComplete();
    }

    private void forceComplete() {
        SendCallback pending;
        synchronized (this) {
            if (completed) {
                return;
            }
            completed = true;
            closeRequested = true;
            pending = callback;
            callback = null;
            current = null;
        }
        if (pending != null) {
            pending.completed(new IOException("emulated connection closed"));
        }
        completeResponse();
    }

    private void completeResponse() {
        try {
            async.complete();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "completing an emulated connection failed: " + e);
        }
        transportClosed();
    }

    private void transportClosed() {
        ClientSession s = session;
        if (s != null) {
            s.onTransportClosed();
        }
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** The write failed: the client went away. */
    @Override
    public void onError(Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, () -> "emulated connection write failed: " + t);
        forceComplete();
    }

    /** The response ended (our completion, or the container's after the client left). */
    @Override
    public void onComplete(AsyncEvent event) {
        SendCallback pending;
        synchronized (this) {
            completed = true;
            pending = callback;
            callback = null;
            current = null;
        }
        if (pending != null) {
            pending.completed(new IOException("emulated connection closed"));
        }
        transportClosed();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        forceComplete();
    }

    @Override
    public void onError(AsyncEvent event) {
        forceComplete();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
}
