package dev.heliograph.live.protocol;

import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one connection's replies in command order although some complete later than others
 * (a publish waits for the engine). Each command either replies at once ({@link #reply}) or
 * reserves its place ({@link #reserve}) and fills it later ({@link #complete}); replies leave
 * only when every earlier one has. Pushes do not pass through here.
 *
 * <p>Thread-safe: replies come from the command thread, completions from engine threads.
 */
final class ReplySequencer {

    /** Where a finished reply goes. */
    interface Sink {
        void emit(byte[] reply);
    }

    /** A place in the reply order. */
    static final class Slot {
        private byte @Nullable [] reply;
        private @Nullable Runnable afterEmit;
        private boolean done;
    }

    private final Sink sink;
    private final ArrayDeque<Slot> waiting = new ArrayDeque<>();

    ReplySequencer(Sink sink) {
        this.sink = sink;
    }

    /**
     * Emits {@code reply} now when nothing earlier is pending, else queues it behind the pending
     * replies; {@code afterEmit} (may be null) runs right after it was handed to the sink.
     */
    synchronized void reply(byte[] reply, @Nullable Runnable afterEmit) {
        if (waiting.isEmpty()) {
            sink.emit(reply);
            if (afterEmit != null) {
                afterEmit.run();
            }
            return;
        }
        Slot slot = new Slot();
        slot.reply = reply;
        slot.afterEmit = afterEmit;
        slot.done = true;
        waiting.addLast(slot);
    }

    /** Reserves the next place for a reply that {@link #complete} fills later. */
    synchronized Slot reserve() {
        Slot slot = new Slot();
        waiting.addLast(slot);
        return slot;
    }

    /** Fills a reserved place; emits it and every finished reply after it if it is first. */
    synchronized void complete(Slot slot, byte[] reply) {
        complete(slot, reply, null);
    }

    /** {@link #complete(Slot, byte[])}; {@code afterEmit} (may be null) runs right after the reply was emitted. */
    synchronized void complete(Slot slot, byte[] reply, @Nullable Runnable afterEmit) {
        slot.reply = reply;
        slot.afterEmit = afterEmit;
        slot.done = true;
        Slot head;
        while ((head = waiting.peekFirst()) != null && head.done) {
            waiting.pollFirst();
            if (head.reply != null) {
                sink.emit(head.reply);
            }
            if (head.afterEmit != null) {
                head.afterEmit.run();
            }
        }
    }

    /** Replies waiting for an earlier one. */
    synchronized int pending() {
        return waiting.size();
    }
}
