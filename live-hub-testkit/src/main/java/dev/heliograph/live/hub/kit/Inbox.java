package dev.heliograph.live.hub.kit;

import static org.awaitility.Awaitility.await;

import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A test {@link Subscriber} that records what it receives, for the compatibility kit. Safe to
 * read from the test thread while an engine delivers on its own thread.
 */
public final class Inbox implements Subscriber {
    private final List<Publication> received = new ArrayList<>();
    private final Duration timeout;

    public Inbox(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public synchronized void onPublication(Publication publication) {
        received.add(publication);
    }

    /** A copy of what arrived so far, in order. */
    public synchronized List<Publication> publications() {
        return List.copyOf(received);
    }

    /** The data of what arrived so far, as strings, in order; join/leave notices as "JOIN"/"LEAVE". */
    public synchronized List<String> data() {
        List<String> out = new ArrayList<>(received.size());
        for (Publication p : received) {
            out.add(p.data() != null ? p.data().toString() : p.kind().name());
        }
        return out;
    }

    public synchronized int size() {
        return received.size();
    }

    /** Waits until at least {@code count} publications arrived, or fails after the timeout. */
    public Inbox awaitCount(int count) {
        await("inbox receives " + count + " publications").atMost(timeout)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(() -> size() >= count);
        return this;
    }

    /** Waits until {@code json} arrived, or fails after the timeout. */
    public Inbox awaitData(String json) {
        await("inbox receives " + json).atMost(timeout)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(() -> data().contains(json));
        return this;
    }
}
