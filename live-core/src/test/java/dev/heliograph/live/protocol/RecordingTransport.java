package dev.heliograph.live.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stands in for the socket under a {@link ClientSession}: records every frame sent and the close
 * code. Sends complete at once, or, once {@link #stall()} was called, only when the test calls
 * {@link #completeSends()}: a client that stopped reading. Thread-safe.
 */
final class RecordingTransport implements Transport {

    private final List<OutboundFrame> frames = new ArrayList<>();
    private final ArrayDeque<SendCallback> stalled = new ArrayDeque<>();
    private boolean stall;
    private int inFlight;
    private int maxInFlight;
    private Integer closeCode;
    private String closeReason;
    private int closes;
    private int binaryFrames;
    private Runnable onClose = () -> {};
    private java.util.function.Consumer<String> onFrame = frame -> {};
    private final boolean emulation;

    RecordingTransport() {
        this(false);
    }

    /** {@code emulation}: stands in for an HTTP-streaming/SSE connection ({@link Transport#emulation()}). */
    RecordingTransport(boolean emulation) {
        this.emulation = emulation;
    }

    @Override
    public boolean emulation() {
        return emulation;
    }

    @Override
    public void sendText(OutboundFrame frame, SendCallback done) {
        boolean now;
        java.util.function.Consumer<String> listener;
        synchronized (this) {
            listener = onFrame;
            frames.add(frame);
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            now = !stall;
            if (!now) {
                stalled.add(done);
            } else {
                inFlight--;
            }
        }
        listener.accept(textOf(frame));
        if (now) {
            done.completed(null);
        }
    }

    /** Records a binary frame like a text frame (the tests of Protobuf sessions read it with {@link ProtobufWire}). */
    @Override
    public void sendBinary(OutboundFrame frame, SendCallback done) {
        synchronized (this) {
            binaryFrames++;
        }
        sendText(frame, done);
    }

    /** How many of the frames were sent as binary frames. */
    synchronized int binaryFrameCount() {
        return binaryFrames;
    }

    /** Every frame sent so far, as its bytes. */
    synchronized List<byte[]> frameBytes() {
        List<byte[]> out = new ArrayList<>(frames.size());
        for (OutboundFrame frame : frames) {
            out.add(frame.bytes());
        }
        return out;
    }

    /** Runs {@code listener} with the text of every frame sent from now on, on the sending thread. */
    synchronized void onFrame(java.util.function.Consumer<String> listener) {
        this.onFrame = listener;
    }

    @Override
    public void close(int code, String reason) {
        Runnable callback;
        synchronized (this) {
            closes++;
            if (closeCode != null) {
                return;
            }
            closeCode = code;
            closeReason = reason;
            callback = onClose;
        }
        callback.run();
    }

    /** Runs {@code callback} when the session closes the transport (as a container would report it). */
    synchronized void onClose(Runnable callback) {
        this.onClose = callback;
    }

    /** From now on sends complete only when {@link #completeSends()} is called. */
    synchronized void stall() {
        stall = true;
    }

    /** Completes every stalled send, and later sends at once. */
    void completeSends() {
        while (true) {
            SendCallback next;
            synchronized (this) {
                stall = false;
                next = stalled.poll();
                if (next == null) {
                    return;
                }
                inFlight--;
            }
            next.completed(null);
        }
    }

    /** Fails the oldest stalled send. */
    void failSend(Throwable failure) {
        SendCallback next;
        synchronized (this) {
            next = stalled.poll();
            inFlight--;
        }
        next.completed(failure);
    }

    /** Every frame sent so far, as text. */
    synchronized List<String> frames() {
        List<String> out = new ArrayList<>(frames.size());
        for (OutboundFrame frame : frames) {
            out.add(textOf(frame));
        }
        return out;
    }

    /** Every message sent so far (frames split on newlines). */
    List<String> messages() {
        List<String> out = new ArrayList<>();
        for (String frame : frames()) {
            out.addAll(Arrays.asList(frame.split("\n", -1)));
        }
        return out;
    }

    /** Frame {@code index} as sent, to check identity of shared frames. */
    synchronized OutboundFrame frame(int index) {
        return frames.get(index);
    }

    /** Decodes without touching the frame's memoized text, so tests can see who decoded it. */
    private static String textOf(OutboundFrame frame) {
        return new String(frame.bytes(), StandardCharsets.UTF_8);
    }

    synchronized int frameCount() {
        return frames.size();
    }

    synchronized Integer closeCode() {
        return closeCode;
    }

    synchronized String closeReason() {
        return closeReason;
    }

    synchronized int closeCalls() {
        return closes;
    }

    synchronized int maxInFlight() {
        return maxInFlight;
    }
}
