package dev.heliograph.live.jakarta;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.FrameCache;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.HubUnavailableException;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.hub.Presence;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscriber;
import dev.heliograph.live.hub.Subscription;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The in-memory engine, with a switch that makes publishes fail as a Redis engine does when Redis is away. */
final class SwitchableHub implements Hub {
    private final LocalHub delegate = new LocalHub();
    volatile boolean down;

    @Override
    public CompletionStage<Void> publish(Publication publication) {
        if (down) {
            return CompletableFuture.failedFuture(new HubUnavailableException("test engine switched off"));
        }
        return delegate.publish(publication);
    }

    @Override
    public void publishLocal(Publication publication) {
        delegate.publishLocal(publication);
    }

    @Override
    public Subscription subscribe(OrgChannel channel, Subscriber subscriber) {
        return delegate.subscribe(channel, subscriber);
    }

    @Override
    public int localSubscriberCount(OrgChannel channel) {
        return delegate.localSubscriberCount(channel);
    }

    @Override
    public Presence presence() {
        return delegate.presence();
    }

    @Override
    public FrameCache frameCache() {
        return delegate.frameCache();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
