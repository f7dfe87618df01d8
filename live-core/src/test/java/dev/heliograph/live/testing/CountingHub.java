package dev.heliograph.live.testing;

import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.Publication;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real hub seen through a window that counts how publications left the node: through
 * {@link #publish} (to every node) or {@link #publishLocal} (this node only). Everything else
 * is the real hub's behaviour.
 */
public final class CountingHub extends ForwardingHub {
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicInteger publishedLocally = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();

    public CountingHub(Hub real) {
        super(real);
    }

    /** Calls of {@link #publish}. */
    public int published() {
        return published.get();
    }

    /** Calls of {@link #publishLocal}. */
    public int publishedLocally() {
        return publishedLocally.get();
    }

    /** Calls of {@link #close}. */
    public int closes() {
        return closes.get();
    }

    @Override
    public CompletionStage<Void> publish(Publication publication) {
        published.incrementAndGet();
        return super.publish(publication);
    }

    @Override
    public void publishLocal(Publication publication) {
        publishedLocally.incrementAndGet();
        super.publishLocal(publication);
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        super.close();
    }
}
