package dev.heliograph.live.hub;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of single-threaded FIFO lanes on which {@link LocalFanOut} runs the shards of a big
 * channel's fan-out in parallel. A task handed to one lane runs after every task handed to the
 * same lane before it, so the publications one shard receives keep the order they were handed
 * over in; different lanes run at once, one daemon thread each.
 *
 * <p>Owned by one {@link LocalFanOut}, which closes it in {@link LocalFanOut#close()} (the node
 * closes its fan-out when it shuts down). A lane's thread starts with its first task and stops
 * after a minute without one, so a node whose channels all stay small holds no thread here.
 *
 * <p>Thread-safe: {@link #execute} is called on publisher and engine threads (the HTTP publish
 * thread for the in-memory engine, the PUB/SUB listener thread for Redis).
 */
final class FanOutLanes {

    private static final AtomicInteger NODES = new AtomicInteger();

    private final ThreadPoolExecutor[] lanes;

    /** {@code count} lanes, at least 1; their threads are named after the fan-out that owns them. */
    FanOutLanes(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("fan-out lanes must be at least 1, got " + count);
        }
        int node = NODES.incrementAndGet();
        lanes = new ThreadPoolExecutor[count];
        for (int i = 0; i < count; i++) {
            String name = "heliograph-live-fanout-" + node + "-" + i;
            ThreadPoolExecutor lane = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            lane.allowCoreThreadTimeOut(true);
            lanes[i] = lane;
        }
    }

    /** How many lanes there are; shard indexes run from 0 to this minus one. */
    int count() {
        return lanes.length;
    }

    /** Queues {@code task} on lane {@code lane}; false when the lanes were closed (the task is dropped). */
    boolean execute(int lane, Runnable task) {
        try {
            lanes[lane].execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Stops accepting tasks; queued ones still run (the fan-out's tasks check its closed flag
     * first, so they deliver nothing) and the threads end. Does not wait. Idempotent.
     */
    void close() {
        for (ThreadPoolExecutor lane : lanes) {
            lane.shutdown();
        }
    }

    /** Whether every lane's thread has ended after {@link #close()} (tests). */
    boolean terminated() {
        for (ThreadPoolExecutor lane : lanes) {
            if (!lane.isTerminated()) {
                return false;
            }
        }
        return true;
    }
}
