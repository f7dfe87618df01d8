package dev.heliograph.live.testing;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.HistoryOptions;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.HubUnavailableException;
import dev.heliograph.live.hub.Presence;
import dev.heliograph.live.hub.PresenceStats;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real hub (usually a {@code LocalHub}) with a gate in front of {@link #publish}, to play a
 * distributed engine: while {@link #hold() held}, publishes wait (as on a slow Redis round trip)
 * and are delivered and acknowledged on {@link #release()}, from the releasing thread; while
 * {@link #failing failing}, they fail with {@link HubUnavailableException} as a Redis engine's
 * do while Redis is away. While {@link #holdPresenceAdds() presence adds are held},
 * {@link Presence#add} waits (a slow Redis round trip) until {@link #releasePresenceAdds()}.
 * Everything else is the real hub's own behaviour. Thread-safe.
 */
public final class GatedHub extends ForwardingHub {
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private volatile boolean failing;
    private volatile CountDownLatch presenceAddGate;
    private final AtomicInteger presenceAddsWaiting = new AtomicInteger();
    private final AtomicInteger presenceAddsDone = new AtomicInteger();
    private final Presence presence = new GatedPresence();

    public GatedHub(Hub real) {
        super(real);
    }

    /** Holds every publish from now until {@link #release()}. */
    public synchronized void hold() {
        holding = true;
    }

    /** Lets every held publish through, in order, and stops holding. */
    public void release() {
        List<Runnable> toRun;
        synchronized (this) {
            holding = false;
            toRun = new ArrayList<>(held);
            held.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** Publishes waiting for {@link #release()}. */
    public synchronized int heldCount() {
        return held.size();
    }

    /** From now on presence adds wait inside {@link Presence#add} (at most 10 s) until released. */
    public void holdPresenceAdds() {
        presenceAddGate = new CountDownLatch(1);
    }

    /** Lets the waiting presence adds through and stops holding them. */
    public void releasePresenceAdds() {
        CountDownLatch gate = presenceAddGate;
        presenceAddGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Presence adds waiting at the gate now. */
    public int presenceAddsWaiting() {
        return presenceAddsWaiting.get();
    }

    /** Presence adds that reached the real hub so far. */
    public int presenceAddsDone() {
        return presenceAddsDone.get();
    }

    /** While true, publishes fail at once with {@link HubUnavailableException} and reach nobody. */
    public void failing(boolean value) {
        this.failing = value;
    }

    @Override
    public CompletionStage<StreamPosition> publish(Publication publication, HistoryOptions history) {
        if (failing) {
            return CompletableFuture.failedFuture(new HubUnavailableException("redis at 127.0.0.1:6379 is down"));
        }
        synchronized (this) {
            if (holding) {
                CompletableFuture<StreamPosition> done = new CompletableFuture<>();
                held.add(() -> real().publish(publication, history).whenComplete((v, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else {
                        done.complete(v);
                    }
                }));
                return done;
            }
        }
        return real().publish(publication, history);
    }

    @Override
    public Presence presence() {
        return presence;
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
            real().presence().add(channel, info);
            presenceAddsDone.incrementAndGet();
        }

        @Override
        public void remove(OrgChannel channel, String clientId) {
            real().presence().remove(channel, clientId);
        }

        @Override
        public Map<String, ClientInfo> list(OrgChannel channel) {
            return real().presence().list(channel);
        }

        @Override
        public PresenceStats stats(OrgChannel channel) {
            return real().presence().stats(channel);
        }
    }
}
