package dev.heliograph.live.protocol;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.FrameCache;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.HubUnavailableException;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.hub.Presence;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscriber;
import dev.heliograph.live.hub.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The real {@link LocalHub} with a gate in front of {@link #publish}, to play a distributed
 * engine: while {@link #hold() held}, publishes wait (as on a slow Redis round trip) and are
 * delivered and acknowledged on {@link #release()}, from the releasing thread; while
 * {@link #failing}, they fail with {@link HubUnavailableException}. Everything else is the
 * LocalHub's own behaviour. Thread-safe.
 */
final class GatedHub implements Hub {

    private final LocalHub delegate;
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private volatile boolean failing;

    GatedHub(LocalHub delegate) {
        this.delegate = delegate;
    }

    synchronized void hold() {
        holding = true;
    }

    /** Lets every held publish through, in order, and stops holding. */
    void release() {
        List<Runnable> toRun;
        synchronized (this) {
            holding = false;
            toRun = new ArrayList<>(held);
            held.clear();
        }
        toRun.forEach(Runnable::run);
    }

    synchronized int heldCount() {
        return held.size();
    }

    void failing(boolean value) {
        this.failing = value;
    }

    @Override
    public CompletionStage<Void> publish(Publication publication) {
        if (failing) {
            return CompletableFuture.failedFuture(new HubUnavailableException("redis at 127.0.0.1:6379 is down"));
        }
        synchronized (this) {
            if (holding) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                held.add(() -> delegate.publish(publication).whenComplete((v, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else {
                        done.complete(v);
                    }
                }));
                return done;
            }
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
