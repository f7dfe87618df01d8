package dev.heliograph.live.protocol;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.FrameCache;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.HubUnavailableException;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.hub.Presence;
import dev.heliograph.live.hub.PresenceStats;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscriber;
import dev.heliograph.live.hub.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The real {@link LocalHub} with a gate in front of {@link #publish}, to play a distributed
 * engine: while {@link #hold() held}, publishes wait (as on a slow Redis round trip) and are
 * delivered and acknowledged on {@link #release()}, from the releasing thread; while
 * {@link #failing}, they fail with {@link HubUnavailableException}. While
 * {@link #holdPresenceAdds() presence adds are held}, {@link Presence#add} waits (a slow Redis
 * round trip) until {@link #releasePresenceAdds()}. Everything else is the LocalHub's own
 * behaviour. Thread-safe.
 */
final class GatedHub implements Hub {

    private final LocalHub delegate;
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private volatile boolean failing;
    private volatile CountDownLatch presenceAddGate;
    private final AtomicInteger presenceAddsWaiting = new AtomicInteger();
    private final AtomicInteger presenceAddsDone = new AtomicInteger();
    private final Presence presence = new GatedPresence();

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

    /** From now on presence adds wait inside {@link Presence#add} until released. */
    void holdPresenceAdds() {
        presenceAddGate = new CountDownLatch(1);
    }

    /** Lets the waiting presence adds through and stops holding them. */
    void releasePresenceAdds() {
        CountDownLatch gate = presenceAddGate;
        presenceAddGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Presence adds waiting at the gate now. */
    int presenceAddsWaiting() {
        return presenceAddsWaiting.get();
    }

    /** Presence adds that reached the LocalHub so far. */
    int presenceAddsDone() {
        return presenceAddsDone.get();
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
        return presence;
    }

    @Override
    public FrameCache frameCache() {
        return delegate.frameCache();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private final class GatedPresence implements Presence {
        @Override
        public void add(OrgChannel channel, ClientInfo info) {
            CountDownLatch gate = presenceAddGate;
            if (gate != null) {
                presenceAddsWaiting.incrementAndGet();
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    presenceAddsWaiting.decrementAndGet();
                }
            }
            delegate.presence().add(channel, info);
            presenceAddsDone.incrementAndGet();
        }

        @Override
        public void remove(OrgChannel channel, String clientId) {
            delegate.presence().remove(channel, clientId);
        }

        @Override
        public Map<String, ClientInfo> list(OrgChannel channel) {
            return delegate.presence().list(channel);
        }

        @Override
        public PresenceStats stats(OrgChannel channel) {
            return delegate.presence().stats(channel);
        }
    }
}
