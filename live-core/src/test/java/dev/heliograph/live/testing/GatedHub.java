package dev.heliograph.live.testing;

import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.HubUnavailableException;
import dev.heliograph.live.hub.Publication;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A real hub (usually a {@code LocalHub}) with a gate in front of {@link #publish}, to play a
 * distributed engine: while {@link #hold() held}, publishes wait (as on a slow Redis round trip)
 * and are delivered and acknowledged on {@link #release()}, from the releasing thread; while
 * {@link #failing failing}, they fail with {@link HubUnavailableException} as a Redis engine's
 * do while Redis is away. Everything else is the real hub's own behaviour. Thread-safe.
 */
public final class GatedHub extends ForwardingHub {
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private volatile boolean failing;

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

    /** While true, publishes fail at once with {@link HubUnavailableException} and reach nobody. */
    public void failing(boolean value) {
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
                held.add(() -> real().publish(publication).whenComplete((v, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else {
                        done.complete(v);
                    }
                }));
                return done;
            }
        }
        return real().publish(publication);
    }
}
