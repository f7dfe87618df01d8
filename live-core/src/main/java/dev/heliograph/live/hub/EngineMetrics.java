package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * What a distributed engine reports about its backend connection, for operators: whether it is
 * up, how often it reconnected, and how long a marker takes to come back through its PUB/SUB
 * connection (the lag a publication from another node would see on top of the network).
 *
 * <p>Created by the engine ({@link Hub#engineMetrics()}); recorded on the engine's own threads,
 * read by a metrics binding on any thread. Thread-safe.
 */
public final class EngineMetrics {

    private final BooleanSupplier up;
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder lagCount = new LongAdder();
    private final LongAdder lagNanos = new LongAdder();
    private volatile long lastLagNanos;

    /** @param up whether the engine has a working backend connection now */
    public EngineMetrics(BooleanSupplier up) {
        this.up = requireNonNull(up, "up");
    }

    /** Whether the engine has a working backend connection now. */
    public boolean up() {
        return up.getAsBoolean();
    }

    /** Times the PUB/SUB connection was opened again after it had been lost. */
    public long reconnects() {
        return reconnects.sum();
    }

    /** PUB/SUB lag samples taken. */
    public long lagCount() {
        return lagCount.sum();
    }

    /** Sum of all PUB/SUB lag samples. */
    public long lagNanos() {
        return lagNanos.sum();
    }

    /** The latest PUB/SUB lag sample; 0 before the first. */
    public long lastLagNanos() {
        return lastLagNanos;
    }

    /** For the engine: the PUB/SUB connection came back after a loss. */
    public void recordReconnect() {
        reconnects.increment();
    }

    /** For the engine: one PUB/SUB lag sample. */
    public void recordLag(long nanos) {
        lagCount.increment();
        lagNanos.add(nanos);
        lastLagNanos = nanos;
    }
}
