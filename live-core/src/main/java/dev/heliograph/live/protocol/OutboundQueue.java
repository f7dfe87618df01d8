package dev.heliograph.live.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * One connection's outbound messages: a bounded byte queue in front of the {@link Transport}
 * with at most one send in flight. When a send completes, the messages queued meanwhile are
 * joined into the next frame (with {@code \n} for JSON, back to back for the self-delimited
 * Protobuf messages: {@link WireProtocol#separator()}), up to {@code maxMessages} messages or
 * {@code maxFrameBytes} bytes (a single larger message goes alone). Messages are shared,
 * immutable {@link OutboundFrame}s (one encode per publication): a message that leaves alone is
 * handed to the transport as is, so every subscriber of a push sends the same frame (and the
 * same String); messages are copied only when joined.
 *
 * <p>{@link #offer} never blocks: over the byte limit it returns false and the caller closes the
 * connection (3008). An {@link OutboundFrame#advisory() advisory} frame (join/leave) is queued
 * only while less than a frame's worth of bytes waits; otherwise it is dropped and reported, so
 * advisory pushes never close a client as slow and never pile up in front of publications.
 * While {@link #cork corked}, messages wait so that the replies to one inbound batch leave in one
 * frame. {@link #finish} lets what is queued go out, then says the queue is empty.
 *
 * <p>Thread-safe: offered from the command thread, the hub's dispatch threads and the timer
 * pool; send completions arrive on the container's threads, possibly inside {@code sendText}.
 * The listener and the finish callback run on whichever of those threads saw the event, never
 * under the queue's lock; they must hand real work elsewhere (the session closes on its timer
 * pool), since that thread may be sending to many other connections.
 */
final class OutboundQueue {

    /** What the queue reports to its session. */
    @FunctionalInterface
    interface Listener {
        /** A send failed; the connection is broken. */
        void onSendFailure(Throwable failure);

        /** An advisory frame was dropped because the queue was backed up; by default ignored. */
        default void onAdvisoryDropped() {}

        /** A frame of {@code messages} messages, {@code bytes} long, goes to the transport; under the queue's lock. */
        default void onFrameTaken(int messages, int bytes) {}

        /** {@code queuedBytes} now wait after a message was queued; under the queue's lock. */
        default void onQueued(int queuedBytes) {}
    }

    private final Transport transport;
    private final boolean binary;
    private final int separator; // the byte between joined messages, or -1 for none
    private final int separatorLength;
    private final Listener listener;
    private final int limitBytes;
    private final int maxMessages;
    private final int maxFrameBytes;
    private final int advisoryBytes;

    private final ArrayDeque<OutboundFrame> queue = new ArrayDeque<>();
    private final Send send = new Send(); // reused: one send in flight at a time
    private int queuedBytes;
    private boolean inFlight;
    private int corks;
    private boolean closed;
    private @Nullable Runnable onFinished; // set by finish(): runs once when the queue is empty and idle

    OutboundQueue(Transport transport, Listener listener, int limitBytes, int maxMessages, int maxFrameBytes) {
        this(transport, WireProtocol.JSON, listener, limitBytes, maxMessages, maxFrameBytes);
    }

    /** A queue for a connection speaking {@code protocol}: its frame kind and its way of joining messages. */
    OutboundQueue(Transport transport, WireProtocol protocol, Listener listener, int limitBytes, int maxMessages,
            int maxFrameBytes) {
        this.transport = transport;
        this.binary = protocol.binary();
        this.separator = protocol.separator();
        this.separatorLength = separator < 0 ? 0 : 1;
        this.listener = listener;
        this.limitBytes = limitBytes;
        this.maxMessages = maxMessages;
        this.maxFrameBytes = maxFrameBytes;
        this.advisoryBytes = Math.min(maxFrameBytes, limitBytes / 4);
    }

    /**
     * Queues one message (never written to afterwards by anyone).
     *
     * @return false if it would take the queue over its byte limit (nothing was queued), true
     *     otherwise, including when the queue is closed or finishing, or an advisory message was
     *     dropped
     */
    boolean offer(OutboundFrame message) {
        OutboundFrame frame;
        synchronized (this) {
            if (closed || onFinished != null) {
                return true;
            }
            boolean dropAdvisory = message.advisory() && queuedBytes + message.length() > advisoryBytes;
            if (!dropAdvisory) {
                if (queuedBytes + message.length() > limitBytes) {
                    return false;
                }
                if (!inFlight && corks == 0 && queue.isEmpty()) {
                    // idle: the message leaves alone at once, without a trip through the deque
                    // (the per-delivery path of a fan-out: no reference stored per connection)
                    listener.onQueued(message.length());
                    listener.onFrameTaken(1, message.length());
                    inFlight = true;
                    frame = message;
                } else {
                    queue.addLast(message);
                    queuedBytes += message.length();
                    listener.onQueued(queuedBytes);
                    if (inFlight || corks > 0) {
                        return true;
                    }
                    inFlight = true;
                    frame = takeFrameLocked();
                }
            } else {
                frame = null;
            }
        }
        if (frame == null) {
            listener.onAdvisoryDropped();
        } else {
            pump(frame);
        }
        return true;
    }

    /** Holds messages back until the matching {@link #uncork}. */
    synchronized void cork() {
        corks++;
    }

    /** Releases what {@link #cork} held, as few frames as the frame limits allow. */
    void uncork() {
        OutboundFrame frame;
        synchronized (this) {
            corks--;
            if (corks > 0 || inFlight || closed) {
                return;
            }
            if (queue.isEmpty()) {
                frame = null;
            } else {
                inFlight = true;
                frame = takeFrameLocked();
            }
        }
        if (frame == null) {
            finishIfIdle();
        } else {
            pump(frame);
        }
    }

    /** Bytes waiting (not counting the frame in flight). */
    synchronized int queuedBytes() {
        return queuedBytes;
    }

    /** Drops what is queued and refuses later messages; a pending {@link #finish} never runs. Idempotent. */
    synchronized void close() {
        closed = true;
        onFinished = null;
        queue.clear();
        queuedBytes = 0;
    }

    /**
     * Refuses later messages but lets the queued ones go out; {@code then} runs once, as soon as
     * the queue is empty and no send is in flight (on this thread if that is already so), or
     * when a send fails.
     *
     * @return false if the queue was closed or finishing already ({@code then} will not run)
     */
    boolean finish(Runnable then) {
        synchronized (this) {
            if (closed || onFinished != null) {
                return false;
            }
            onFinished = then;
        }
        finishIfIdle();
        return true;
    }

    /** Runs the finish callback if one is set and the queue has nothing left to send. */
    private void finishIfIdle() {
        Runnable then;
        OutboundFrame frame = null;
        synchronized (this) {
            then = onFinished;
            if (then == null || inFlight || closed) {
                return;
            }
            if (!queue.isEmpty()) {
                // finishing overrides a cork: the batch it held goes out now
                inFlight = true;
                frame = takeFrameLocked();
                then = null;
            } else {
                closed = true;
                onFinished = null;
            }
        }
        if (frame != null) {
            pump(frame);
        } else if (then != null) {
            then.run();
        }
    }

    /**
     * Sends frames until the queue is empty or a send completes asynchronously. A completion that
     * runs inside {@code sendText} (some containers, test transports) is picked up by this loop,
     * not by recursion. Whatever {@code sendText} throws counts as a failed send, so the queue
     * never stays marked in flight with nothing to complete it.
     */
    private void pump(@Nullable OutboundFrame frame) {
        while (frame != null) {
            send.reset();
            try {
                if (binary) {
                    transport.sendBinary(frame, send);
                } else {
                    transport.sendText(frame, send);
                }
            } catch (Throwable e) {
                send.completed(e);
                if (e instanceof VirtualMachineError) {
                    afterSend(e);
                    throw (VirtualMachineError) e;
                }
            }
            if (!send.markReturned()) {
                return; // completion still to come; it continues the pump
            }
            frame = afterSend(send.failure);
        }
    }

    /** Called once a send completed: the next frame to send, or null (idle or failed). */
    private @Nullable OutboundFrame afterSend(@Nullable Throwable failure) {
        if (failure != null) {
            Runnable then;
            synchronized (this) {
                inFlight = false;
                closed = true;
                then = onFinished;
                onFinished = null;
                queue.clear();
                queuedBytes = 0;
            }
            listener.onSendFailure(failure);
            if (then != null) {
                then.run();
            }
            return null;
        }
        boolean finishing;
        synchronized (this) {
            if (!closed && !queue.isEmpty() && (corks == 0 || onFinished != null)) {
                return takeFrameLocked();
            }
            inFlight = false;
            finishing = onFinished != null;
        }
        if (finishing) {
            finishIfIdle();
        }
        return null;
    }

    private @Nullable OutboundFrame takeFrameLocked() {
        OutboundFrame first = queue.pollFirst();
        queuedBytes -= first.length();
        OutboundFrame second = queue.peekFirst();
        if (second == null || maxMessages == 1 || first.length() + separatorLength + second.length() > maxFrameBytes) {
            listener.onFrameTaken(1, first.length());
            return first;
        }
        int count = 1;
        int size = first.length();
        for (OutboundFrame next : queue) {
            if (count == maxMessages || size + separatorLength + next.length() > maxFrameBytes) {
                break;
            }
            size += separatorLength + next.length();
            count++;
        }
        byte[] joined = new byte[size];
        System.arraycopy(first.bytes(), 0, joined, 0, first.length());
        int pos = first.length();
        for (int i = 1; i < count; i++) {
            OutboundFrame next = queue.pollFirst();
            queuedBytes -= next.length();
            if (separator >= 0) {
                joined[pos++] = (byte) separator;
            }
            System.arraycopy(next.bytes(), 0, joined, pos, next.length());
            pos += next.length();
        }
        listener.onFrameTaken(count, size);
        return new OutboundFrame(joined);
    }

    /**
     * One send's completion. The caller (after {@code sendText} returned) and the callback each
     * set a bit; whichever arrives second continues the pump, so a callback that runs inside
     * {@code sendText} does not recurse. Reused for every frame: the next send starts only after
     * both sides of the previous one arrived, and the first to arrive no longer touches it.
     */
    private final class Send implements Transport.SendCallback {
        private static final int RETURNED = 1;
        private static final int COMPLETED = 2;

        private volatile int state; // RETURNED | COMPLETED bits, set through STATE

        private volatile @Nullable Throwable failure;

        void reset() {
            failure = null;
            state = 0;
        }

        /** Marks the caller's return; true if the callback already ran (the caller continues). */
        boolean markReturned() {
            return ((int) STATE.getAndBitwiseOr(this, RETURNED) & COMPLETED) != 0;
        }

        @Override
        public void completed(@Nullable Throwable failure) {
            if ((state & COMPLETED) != 0) {
                return; // a second callback for the same send breaks the Transport contract; ignore it
            }
            this.failure = failure;
            int previous = (int) STATE.getAndBitwiseOr(this, COMPLETED);
            if ((previous & COMPLETED) != 0 || (previous & RETURNED) == 0) {
                return; // duplicate, or still inside sendText: the pump loop continues
            }
            pump(afterSend(failure));
        }
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Send.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
