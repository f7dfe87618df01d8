package dev.heliograph.live.protocol;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport that behaves like Jetty writing to a peer that vanished: once its {@link Network}
 * is down, {@code sendText} reports the connection closed and fails the send before it returns,
 * on the sender's stack (whoever the sender is: a hub dispatch thread writing a push to many
 * connections, another connection's cleanup). Until then sends succeed at once. Counts frames,
 * keeps no text (tests run thousands of these). Thread-safe.
 */
final class SyncFailingTransport implements Transport {

    /** The link all transports of a test share: {@link #cut()} drops every peer at once. */
    static final class Network {
        private final AtomicBoolean down = new AtomicBoolean();

        void cut() {
            down.set(true);
        }

        boolean isDown() {
            return down.get();
        }
    }

    private final Network network;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger frames = new AtomicInteger();
    private final AtomicInteger pushes = new AtomicInteger();
    private volatile Integer closeCode;
    private volatile Runnable onClose = () -> {};

    SyncFailingTransport(Network network) {
        this.network = network;
    }

    /** What the container calls when the connection ends (the session's onTransportClosed). */
    void onClose(Runnable callback) {
        this.onClose = callback;
    }

    @Override
    public void sendText(OutboundFrame frame, SendCallback done) {
        if (network.isDown() || closed.get()) {
            reportClosed();
            done.completed(new IOException("broken pipe"));
            return;
        }
        frames.incrementAndGet();
        String text = frame.text();
        for (int i = text.indexOf("\"pub\":"); i >= 0; i = text.indexOf("\"pub\":", i + 1)) {
            pushes.incrementAndGet();
        }
        done.completed(null);
    }

    @Override
    public void close(int code, String reason) {
        if (closeCode == null) {
            closeCode = code;
        }
        reportClosed();
    }

    private void reportClosed() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }

    int frames() {
        return frames.get();
    }

    /** Publication pushes received (join/leave and replies not counted). */
    int publications() {
        return pushes.get();
    }

    Integer closeCode() {
        return closeCode;
    }
}
