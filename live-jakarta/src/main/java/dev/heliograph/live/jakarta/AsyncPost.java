package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveSettings;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * One {@code POST} to the HTTP API, answered asynchronously: the body is read with a
 * {@link ReadListener}, so no container thread waits for a slow client's bytes, under the
 * endpoint's {@link BodyRules}; the whole body then goes to the servlet's {@link Handler}, and
 * exactly one answer is written. Started by {@link PublishServlet} and {@link PushServlet} with
 * {@link #start}.
 *
 * <p>What the client gets:
 * <ul>
 *   <li>a body within the limit: whatever the handler answers through {@link #answer};</li>
 *   <li>a body over the limit (by its {@code Content-Length} before anything is read, else as soon
 *       as the limit is crossed): the status and headers of a 413 with {@code Connection: close}
 *       are sent at once; the rest of the body is then read and thrown away (up to
 *       {@link #DISCARD_LIMIT} bytes, within the deadline) before the 413's message is written and
 *       the connection closed, so that it ends with a clean close rather than a reset and a client
 *       that sends its whole body before reading still reads the 413;</li>
 *   <li>a body still incomplete when {@link BodyRules#timeout()} has passed since the headers
 *       arrived: 408, and the connection is closed;</li>
 *   <li>the handler's work still pending at that deadline (the engine did not answer): 503;</li>
 *   <li>a body that cannot be read (a broken chunk, the client gone): 400, as far as it can still
 *       be written.</li>
 * </ul>
 *
 * <p>Threads: the container calls the {@link ReadListener} and {@link AsyncListener} methods on
 * its own threads; the handler runs on the container thread that saw the end of the body, and its
 * answer may come from any thread (the engine's). The first answer is written and the request
 * completed; later ones are dropped. Writing an answer holds this object's monitor, so the
 * deadline's answer and the handler's never interleave.
 */
final class AsyncPost implements ReadListener, AsyncListener {
    private static final System.Logger LOG = System.getLogger(AsyncPost.class.getName());

    /**
     * Most bytes of a refused body read and thrown away after its 413 (32 MiB: more than three
     * times the default push body limit). A body declared larger is not read at all: its
     * connection is closed once the 413 is written, which a client that reads while it sends still
     * sees, and one that sends everything first may not.
     */
    static final long DISCARD_LIMIT = 32L * 1024 * 1024;
    private static final int FIRST_BUFFER = 8 * 1024;
    private static final int LARGEST_FIRST_BUFFER = 64 * 1024;

    /** What an endpoint does with a whole body; answers through {@link AsyncPost#answer}. */
    @FunctionalInterface
    interface Handler {
        void onBody(byte[] body, AsyncPost post);
    }

    /** Writes one answer (status, headers, body) to the response. */
    @FunctionalInterface
    interface Answer {
        void write(HttpServletResponse resp) throws IOException;
    }

    private enum State { READING, DISCARDING, HANDLING, DONE }

    private final AsyncContext async;
    private final ServletInputStream in;
    private final BodyRules rules;
    private final long declared;
    private final boolean expectsContinue;
    private final Handler handler;
    private final int maxBody;
    private final String uri;
    private final AtomicReference<State> state = new AtomicReference<>(State.READING);
    private final AtomicBoolean completed = new AtomicBoolean();
    private byte @Nullable [] buffer;
    private byte @Nullable [] refusal; // the 413's message, written once the discarding ends
    private volatile int size;
    private long discarded;

    private AsyncPost(AsyncContext async, ServletInputStream in, String uri, BodyRules rules, long declared,
            boolean expectsContinue, Handler handler) {
        this.async = async;
        this.uri = uri;
        this.in = in;
        this.rules = rules;
        this.declared = declared;
        this.expectsContinue = expectsContinue;
        this.handler = handler;
        this.maxBody = rules.limit() == LiveSettings.UNLIMITED ? Integer.MAX_VALUE - 16 : rules.limit();
        long first = declared >= 0 ? Math.min(declared + 1, LARGEST_FIRST_BUFFER) : FIRST_BUFFER;
        this.buffer = new byte[(int) Math.min(first, (long) maxBody + 1)];
    }

    /**
     * Puts the request in asynchronous mode and starts reading its body; returns at once. Called
     * by the servlet on the request thread, after the checks that need no body (user, role,
     * target), and nothing else may touch the request or response afterwards but the handler.
     */
    static void start(HttpServletRequest req, HttpServletResponse resp, BodyRules rules, Handler handler)
            throws IOException {
        if (!req.isAsyncSupported()) {
            String why = "POST " + req.getRequestURI() + " needs asynchronous processing, but a filter or servlet"
                    + " before it is not async-supported: mark every filter mapped to the live HTTP API with"
                    + " asyncSupported=true";
            LOG.log(System.Logger.Level.ERROR, why);
            HttpReplies.error(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, why);
            return;
        }
        long declared = req.getContentLengthLong();
        AsyncContext async = req.startAsync(req, resp);
        async.setTimeout(rules.timeout().toMillis());
        AsyncPost post = new AsyncPost(async, req.getInputStream(), req.getRequestURI(), rules, declared,
                "100-continue".equalsIgnoreCase(req.getHeader("Expect")), handler);
        async.addListener(post);
        if (rules.limit() != LiveSettings.UNLIMITED && declared > rules.limit()) {
            post.refuse(declared);
            if (post.state.get() == State.DONE) {
                return;
            }
        }
        post.in.setReadListener(post);
    }

    /**
     * Writes {@code answer} and completes the request, unless an answer was written already (the
     * deadline passed first): then it does nothing and returns false. Any thread, once.
     */
    boolean answer(Answer answer) {
        return answerIf(State.HANDLING, answer);
    }

    @Override
    public void onDataAvailable() throws IOException {
        if (state.get() == State.READING) {
            readBody();
        }
        if (state.get() == State.DISCARDING) {
            discard();
        }
    }

    private void readBody() throws IOException {
        while (state.get() == State.READING && in.isReady()) {
            byte[] buf = buffer;
            if (buf == null) {
                return; // the body was handed over or refused
            }
            if (size == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min((long) maxBody + 1, Math.max(FIRST_BUFFER, (long) buf.length * 2)));
                buffer = buf;
            }
            int n = in.read(buf, size, buf.length - size);
            if (n < 0) {
                return;
            }
            size += n;
            if (size > maxBody) {
                refuse(-1);
                return;
            }
        }
    }

    private void discard() throws IOException {
        byte[] scratch = buffer;
        while (state.get() == State.DISCARDING && in.isReady()) {
            int n = in.read(scratch);
            if (n < 0) {
                return;
            }
            discarded += n;
            if (discarded > DISCARD_LIMIT) {
                finish();
                return;
            }
        }
    }

    @Override
    public void onAllDataRead() {
        if (state.compareAndSet(State.READING, State.HANDLING)) {
            byte[] buf = buffer == null ? new byte[0] : buffer;
            byte[] body = size == buf.length ? buf : Arrays.copyOf(buf, size);
            buffer = null;
            try {
                handler.onBody(body, this);
            } catch (RuntimeException e) {
                answer(r -> HttpReplies.failure(r, e, "POST " + uri));
            }
        } else if (state.get() == State.DISCARDING) {
            finish();
        }
    }

    @Override
    public void onError(Throwable t) {
        failed(t);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        deadlinePassed();
    }

    @Override
    public void onError(AsyncEvent event) {
        failed(event.getThrowable());
    }

    @Override
    public void onComplete(AsyncEvent event) {
        completed.set(true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // the request is never restarted
    }

    /**
     * The 413's head at once, then discard what follows unless it is declared too large to be
     * worth reading. A client that asked {@code Expect: 100-continue} gets the whole 413 at once
     * and the connection is closed: it may be waiting for that answer before it sends anything
     * (Jetty has not told it to continue; Tomcat has, and reads up to its {@code maxSwallowSize}
     * of what the client sends anyway).
     */
    private void refuse(long size) {
        if (!state.compareAndSet(State.READING, State.DISCARDING)) {
            return;
        }
        buffer = new byte[FIRST_BUFFER]; // from now on only thrown-away bytes land here
        try {
            refusal = HttpReplies.tooLargeHead((HttpServletResponse) async.getResponse(), size, rules.limitAdvice());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "writing the 413 to POST " + uri + " failed: " + e);
            finish();
            return;
        }
        if (expectsContinue || declared > DISCARD_LIMIT) {
            finish();
        }
    }

    private void deadlinePassed() {
        long received = size;
        if (answerIf(State.READING, r -> {
            r.setHeader("Connection", "close");
            HttpReplies.bodyTimeout(r, rules, received, declared);
        })) {
            LOG.log(System.Logger.Level.DEBUG, () -> "POST " + uri + " answered 408: " + received + " of "
                    + (declared < 0 ? "?" : declared) + " body bytes after " + rules.timeout().toMillis() + " ms");
            return;
        }
        if (answerIf(State.HANDLING, r -> HttpReplies.engineTimeout(r, rules.timeout()))) {
            return;
        }
        finish(); // ends the discarding after a 413; or another answer was written and completed already
    }

    private void failed(Throwable t) {
        if (t instanceof TimeoutException || t.getCause() instanceof TimeoutException) {
            deadlinePassed(); // the container's idle timeout, when it is shorter than ours
            return;
        }
        if (answerIf(State.READING, r -> {
            r.setHeader("Connection", "close");
            HttpReplies.error(r, HttpServletResponse.SC_BAD_REQUEST, "request body could not be read: " + t);
        })) {
            return;
        }
        finish(); // ends the discarding, or drops the engine's answer, which can no longer be delivered
    }

    private boolean answerIf(State expected, Answer answer) {
        synchronized (this) {
            if (!state.compareAndSet(expected, State.DONE)) {
                return false;
            }
            try {
                answer.write((HttpServletResponse) async.getResponse());
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "writing the answer to POST " + uri + " failed: " + e);
            } finally {
                complete();
            }
            return true;
        }
    }

    /** Ends the request: writes the 413's message if one is pending, then completes. */
    private synchronized void finish() {
        state.set(State.DONE);
        byte[] message = refusal;
        refusal = null;
        if (message != null) {
            try {
                async.getResponse().getOutputStream().write(message);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "writing the 413 to POST " + uri + " failed: " + e);
            }
        }
        complete();
    }

    private void complete() {
        if (completed.compareAndSet(false, true)) {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "POST " + uri + " was completed already: " + e);
            }
        }
    }
}
