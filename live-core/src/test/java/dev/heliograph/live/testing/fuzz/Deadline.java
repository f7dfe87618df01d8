package dev.heliograph.live.testing.fuzz;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one decoder call on a worker thread and gives up on it after a time limit, so that a
 * decoder that loops forever on some input fails its property (naming the limit) instead of
 * hanging the build. The stuck worker, a daemon, is abandoned and a new one serves later calls.
 *
 * <p>One per test class; calls come from jqwik's thread, one at a time.
 */
public final class Deadline {
    private final Duration limit;
    private ExecutorService worker = newWorker();

    private Deadline(Duration limit) {
        this.limit = limit;
    }

    /** A deadline of {@code limit} per call: far above any decoder's time on the bounded inputs. */
    public static Deadline of(Duration limit) {
        return new Deadline(limit);
    }

    /** Runs {@code work}; its result or what it threw, or an {@link AssertionError} past the limit. */
    public <T> Outcome<T> run(Callable<T> work) {
        Future<T> f = worker.submit(work);
        try {
            return Outcome.value(f.get(limit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            return Outcome.thrown(e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionError("the decoder did not return within " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the decoder", e);
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-deadline-worker");
            t.setDaemon(true);
            return t;
        });
    }
}
