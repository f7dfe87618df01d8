package dev.heliograph.live.micrometer;

import dev.heliograph.live.protocol.OutboundFrame;
import dev.heliograph.live.protocol.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A transport that records what a session sends; {@code stalled} ones never complete a send
 * (a client that stopped reading), so their outbound queue fills up. Thread-safe.
 */
final class TestTransport implements Transport {
    final List<String> frames = new CopyOnWriteArrayList<>();
    final boolean stalled;
    volatile int closeCode;

    TestTransport(boolean stalled) {
        this.stalled = stalled;
    }

    @Override
    public void sendText(OutboundFrame frame, SendCallback done) {
        frames.add(frame.text());
        if (!stalled) {
            done.completed(null);
        }
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
    }

    /** Every message sent so far (frames split at the batching newlines). */
    List<String> messages() {
        return frames.stream().flatMap(f -> java.util.Arrays.stream(f.split("\n"))).toList();
    }
}
