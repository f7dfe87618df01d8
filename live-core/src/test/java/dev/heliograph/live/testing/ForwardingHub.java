package dev.heliograph.live.testing;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.FrameCache;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.Presence;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscriber;
import dev.heliograph.live.hub.Subscription;
import java.util.concurrent.CompletionStage;

/**
 * A real hub seen through a test window: every call goes to {@link #real()} unless a subclass
 * overrides it to count, hold or fail it ({@link CountingHub}, {@link GatedHub}). As thread-safe
 * as the real hub and the subclass.
 */
public abstract class ForwardingHub implements Hub {
    private final Hub real;

    protected ForwardingHub(Hub real) {
        this.real = requireNonNull(real, "real");
    }

    /** The hub every call goes to. */
    protected final Hub real() {
        return real;
    }

    @Override
    public CompletionStage<Void> publish(Publication publication) {
        return real.publish(publication);
    }

    @Override
    public void publishLocal(Publication publication) {
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
        real.close();
    }
}
