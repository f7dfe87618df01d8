package dev.heliograph.live.testing;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.FrameCache;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.Presence;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscriber;
import dev.heliograph.live.hub.Subscription;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real hub seen through a window that counts how publications left the node: through
 * {@link #publish} (to every node) or {@link #publishLocal} (this node only). Everything else
 * is the real hub's behaviour.
 */
public final class CountingHub implements Hub {
    private final Hub real;
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicInteger publishedLocally = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();

    public CountingHub(Hub real) {
        this.real = real;
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
        return real.publish(publication);
    }

    @Override
    public void publishLocal(Publication publication) {
        publishedLocally.incrementAndGet();
        real.publishLocal(publication);
    }

    @Override
    public Subscription subscribe(OrgChannel channel, Subscriber subscriber) {
        return real.subscribe(channel, subscriber);
    }

    @Override
    public int localSubscriberCount(OrgChannel channel) {
        return real.localSubscriberCount(channel);
    }

    @Override
    public Presence presence() {
        return real.presence();
    }

    @Override
    public FrameCache frameCache() {
        return real.frameCache();
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        real.close();
    }
}
