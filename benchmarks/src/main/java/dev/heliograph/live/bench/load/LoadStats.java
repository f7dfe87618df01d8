package dev.heliograph.live.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one load run: connection outcomes, deliveries, latencies and failures by
 * reason. Written concurrently by every connection's reader thread and by the publisher; read by
 * the main thread for progress lines and the final report. Failure reasons are capped at 50
 * distinct texts so a storm of unique messages cannot grow memory without bound.
 */
final class LoadStats {
    private static final int MAX_REASONS = 50;

    final LatencyHistogram latency = new LatencyHistogram();
    final LatencyHistogram connectTime = new LatencyHistogram();
    final LongAdder ready = new LongAdder();
    final LongAdder deliveries = new LongAdder();
    final LongAdder untimedDeliveries = new LongAdder();
    final LongAdder published = new LongAdder();
    final LongAdder publishFailures = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder unexpectedCloses = new LongAdder();
    final LongAdder pings = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private volatile long lastDeliveryNanos;

    /** A connection finished its handshake and subscription after {@code nanos}. */
    void ready(long nanos) {
        ready.increment();
        connectTime.record(nanos);
    }

    /** A publication arrived at {@code nowNanos}, sent at {@code sentNanos} ({@link Long#MIN_VALUE} if unknown). */
    void delivery(long sentNanos, long nowNanos) {
        deliveries.increment();
        if (sentNanos == Long.MIN_VALUE) {
            untimedDeliveries.increment();
        } else {
            latency.record(nowNanos - sentNanos);
        }
        lastDeliveryNanos = nowNanos;
    }

    /** When the latest publication arrived, by {@link System#nanoTime()}; zero before the first. */
    long lastDeliveryNanos() {
        return lastDeliveryNanos;
    }

    /** Counts a failure under a short reason. */
    void failure(String reason) {
        LongAdder counter = failures.get(reason);
        if (counter == null) {
            String key = failures.size() >= MAX_REASONS ? "(other reasons)" : reason;
            counter = failures.computeIfAbsent(key, k -> new LongAdder());
        }
        counter.increment();
    }

    /** The failures so far, by reason, sorted by reason. */
    Map<String, Long> failures() {
        Map<String, Long> copy = new TreeMap<>();
        failures.forEach((reason, count) -> copy.put(reason, count.sum()));
        return copy;
    }
}
