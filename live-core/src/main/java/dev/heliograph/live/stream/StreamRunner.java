package dev.heliograph.live.stream;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.frame.FrameJson;
import dev.heliograph.live.hub.LocalFanOut;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.json.RawJson;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs data-source and plugin streams on this node: at most one {@link StreamHandler#runStream}
 * run per channel, started by {@link #ensureRunning} (the node calls it after each successful
 * subscribe), cancelled once the channel has had no local subscriber for
 * {@link StreamTimings#zeroChecksToStop()} checks in a row, restarted when it throws, ended when
 * it returns. Output goes to this node's subscribers only ({@link LocalFanOut#dispatch}).
 *
 * <p>Created and closed by {@link dev.heliograph.live.LiveNode}. Each run has a thread of its own
 * from a cached pool of named daemon threads; the subscriber-count checks run on the node's
 * shared scheduler. Thread-safe.
 */
public final class StreamRunner implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StreamRunner.class.getName());
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final LocalFanOut local;
    private final Runnable onPublication;
    private final ScheduledExecutorService scheduler;
    private final StreamTimings timings;
    private final ExecutorService threads;
    private final ConcurrentHashMap<OrgChannel, Run> runs = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param scheduler the node's shared scheduler for the subscriber-count checks; not closed
     *                  by this runner
     */
    public StreamRunner(LocalFanOut local, ScheduledExecutorService scheduler, StreamTimings timings) {
        this(local, scheduler, timings, () -> {});
    }

    /**
     * @param scheduler the node's shared scheduler for the subscriber-count checks; not closed
     *                  by this runner
     * @param onPublication run on the stream's thread for each publication a stream sends (the
     *                  node counts them)
     */
    public StreamRunner(LocalFanOut local, ScheduledExecutorService scheduler, StreamTimings timings,
            Runnable onPublication) {
        this.onPublication = requireNonNull(onPublication, "onPublication");
        this.local = requireNonNull(local, "local");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.timings = requireNonNull(timings, "timings");
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "heliograph-live-stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts {@code handler}'s run for {@code channel} unless one is already running on this
     * node. {@code user} and {@code data} (the subscriber's) are handed to the run.
     */
    public void ensureRunning(OrgChannel channel, StreamHandler handler, LiveUser user, @Nullable RawJson data) {
        requireNonNull(channel, "channel");
        requireNonNull(handler, "handler");
        requireNonNull(user, "user");
        if (closed.get()) {
            return;
        }
        runs.computeIfAbsent(channel, c -> {
            Run run = new Run(c, handler, user, data);
            return run.start() ? run : null;
        });
    }

    /** Whether a run for {@code channel} is active on this node (running or waiting to restart). */
    public boolean isRunning(OrgChannel channel) {
        return runs.containsKey(channel);
    }

    /** How many channels have an active run on this node. */
    public int runningCount() {
        return runs.size();
    }

    /** Cancels every run and waits up to about two seconds for their threads to end. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Run> all = new ArrayList<>(runs.values());
        runs.clear();
        all.forEach(Run::cancel);
        threads.shutdown();
        try {
            if (!threads.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "stream runs did not end within {0} after cancellation; abandoning them", CLOSE_WAIT);
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** One channel's run: its thread's loop, its checks, its cancellation. */
    private final class Run implements Runnable, StreamSender {
        private final OrgChannel channel;
        private final StreamHandler handler;
        private final StreamContext context;
        private volatile @Nullable ScheduledFuture<?> check;
        private @Nullable Thread thread; // guarded by this
        private int zeroChecks; // only touched inside runs.compute for this channel

        Run(OrgChannel channel, StreamHandler handler, LiveUser user, @Nullable RawJson data) {
            this.channel = channel;
            this.handler = handler;
            this.context = new StreamContext(channel, user, data, this);
        }

        /** Schedules the checks and starts the thread; false when the node is closing. */
        boolean start() {
            long interval = timings.checkInterval().toNanos();
            try {
                check = scheduler.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.NANOSECONDS);
                threads.execute(this);
                return true;
            } catch (RejectedExecutionException e) {
                context.cancel();
                if (check != null) {
                    check.cancel(false);
                }
                return false;
            }
        }

        private void check() {
            try {
                runs.computeIfPresent(channel, (c, current) -> {
                    if (current != this) {
                        return current;
                    }
                    if (local.count(channel) > 0) {
                        zeroChecks = 0;
                        return this;
                    }
                    if (++zeroChecks < timings.zeroChecksToStop()) {
                        return this;
                    }
                    LOG.log(Level.DEBUG, "stream {0}: no local subscriber for {1} checks, cancelling", channel, zeroChecks);
                    cancel();
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stream " + channel + ": subscriber check failed; will check again", e);
            }
        }

        void cancel() {
            context.cancel();
            if (check != null) {
                check.cancel(false);
            }
            synchronized (this) {
                if (thread != null) {
                    thread.interrupt();
                }
            }
        }

        @Override
        public void run() {
            Thread current = Thread.currentThread();
            String poolName = current.getName();
            current.setName("heliograph-live-stream " + channel);
            synchronized (this) {
                thread = current;
            }
            try {
                loop();
            } finally {
                synchronized (this) {
                    thread = null;
                }
                Thread.interrupted(); // a late cancel must not leak into the pool thread
                current.setName(poolName);
                if (check != null) {
                    check.cancel(false);
                }
                runs.remove(channel, this);
            }
        }

        private void loop() {
            int quickFailures = 0;
            while (!context.isCancelled()) {
                long started = System.nanoTime();
                try {
                    handler.runStream(context);
                    LOG.log(Level.DEBUG, "stream {0} returned; stopped", channel);
                    return;
                } catch (Exception e) {
                    if (context.isCancelled()) {
                        return;
                    }
                    long ran = System.nanoTime() - started;
                    if (ran >= timings.quickFailure().toNanos()) {
                        quickFailures = 0;
                        LOG.log(Level.WARNING, "stream " + channel + " failed; restarting it now", e);
                        continue;
                    }
                    Duration delay = timings.restartDelay(quickFailures++);
                    LOG.log(Level.WARNING, "stream " + channel + " failed after " + ran / 1_000_000
                            + " ms; restarting it in " + delay.toMillis() + " ms", e);
                    try {
                        if (context.awaitCancellation(delay)) {
                            return;
                        }
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                } catch (Error e) {
                    LOG.log(Level.ERROR, "stream " + channel + " died with an error; stopped", e);
                    throw e;
                }
            }
        }

        @Override
        public void sendFrame(DataFrame frame, boolean withSchema) {
            requireNonNull(frame, "frame");
            if (!context.isCancelled()) {
                sendJson(FrameJson.toRawJson(frame, withSchema ? FrameJson.Include.ALL : FrameJson.Include.DATA_ONLY));
            }
        }

        @Override
        public void sendJson(RawJson json) {
            requireNonNull(json, "json");
            if (!context.isCancelled()) {
                onPublication.run();
                local.dispatch(Publication.of(channel, json));
            }
        }

        @Override
        public void sendBytes(byte[] utf8Json) {
            requireNonNull(utf8Json, "utf8Json");
            sendJson(RawJson.parse(utf8Json));
        }
    }
}
