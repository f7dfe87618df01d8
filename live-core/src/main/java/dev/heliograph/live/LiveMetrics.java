package dev.heliograph.live;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what a node did to protect itself and its clients, for operators: how many slow
 * clients were closed, how many advisory pushes (join/leave) were dropped or suppressed, how many
 * commands were refused by the per-connection rate limit. Monotonic since the node started.
 *
 * <p>Incremented by the protocol layer on any thread; read by the host (logs, a metrics
 * registry) on any thread. Thread-safe, lock-free.
 */
public final class LiveMetrics {

    private final LongAdder slowClientsClosed = new LongAdder();
    private final LongAdder joinLeaveSuppressed = new LongAdder();
    private final LongAdder advisoryPushesDropped = new LongAdder();
    private final LongAdder commandsRateLimited = new LongAdder();
    private final LongAdder insufficientStates = new LongAdder();

    LiveMetrics() {}

    /** Connections closed with 3008 because their outbound queue went over its limit. */
    public long slowClientsClosed() {
        return slowClientsClosed.sum();
    }

    /**
     * Join and leave announcements not published because the channel had more local subscribers
     * than {@code LiveSettings.joinLeaveMaxMembers()}.
     */
    public long joinLeaveSuppressed() {
        return joinLeaveSuppressed.sum();
    }

    /** Join/leave pushes not queued to a client whose queue was already backed up. */
    public long advisoryPushesDropped() {
        return advisoryPushesDropped.sum();
    }

    /** Commands answered with error 111 "too many requests" by the per-connection rate limit. */
    public long commandsRateLimited() {
        return commandsRateLimited.sum();
    }

    /**
     * Positioned subscriptions unsubscribed with 2500 "insufficient state" because publications
     * were missed that nothing would deliver (the client resubscribes and recovers from history).
     */
    public long insufficientStates() {
        return insufficientStates.sum();
    }

    /** For the protocol layer. */
    public void recordInsufficientState() {
        insufficientStates.increment();
    }

    /** For the protocol layer. */
    public void recordSlowClientClosed() {
        slowClientsClosed.increment();
    }

    /** For the protocol layer. */
    public void recordJoinLeaveSuppressed() {
        joinLeaveSuppressed.increment();
    }

    /** For the protocol layer. */
    public void recordAdvisoryPushDropped() {
        advisoryPushesDropped.increment();
    }

    /** For the protocol layer. */
    public void recordCommandRateLimited() {
        commandsRateLimited.increment();
    }

    @Override
    public String toString() {
        return "LiveMetrics[slowClientsClosed=" + slowClientsClosed() + ", joinLeaveSuppressed=" + joinLeaveSuppressed()
                + ", advisoryPushesDropped=" + advisoryPushesDropped() + ", commandsRateLimited="
                + commandsRateLimited() + ", insufficientStates=" + insufficientStates() + "]";
    }
}
