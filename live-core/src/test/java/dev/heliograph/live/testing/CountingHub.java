package dev.heliograph.live.testing;

import dev.heliograph.live.hub.HistoryOptions;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real hub seen through a window that counts the publications that went to the engine
 * ({@link #publish}, to every node) and its closes. Everything else is the real hub's behaviour.
 */
public final class CountingHub extends ForwardingHub {
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();

    public CountingHub(Hub real) {
        super(real);
    }

    /** Calls of {@link #publish}. */
    public int published() {
        return published.get();
    }

    /** Calls of {@link #close}. */
    public int closes() {
        return closes.get();
    }

    @Override
    public CompletionStage<StreamPosition> publish(Publication publication, HistoryOptions history) {
        published.incrementAndGet();
        return super.publish(publication, history);
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        super.close();
    }
}
