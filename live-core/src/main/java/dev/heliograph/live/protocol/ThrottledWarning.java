package dev.heliograph.live.protocol;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A warning that thousands of connections may raise at once (every session's presence refresh
 * while the engine is down): the first goes out at WARNING, the others within {@code every} go
 * to DEBUG and are counted, and the next WARNING says how many there were. One operator-sized
 * line per interval instead of one per connection.
 *
 * <p>Thread-safe, lock-free; called from any session's timer or command thread.
 */
final class ThrottledWarning {
    private final System.Logger log;
    private final long everyNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong warnedAt;
    private final AtomicLong suppressed = new AtomicLong();

    ThrottledWarning(System.Logger log, Duration every) {
        this(log, every, System::nanoTime);
    }

    ThrottledWarning(System.Logger log, Duration every, LongSupplier nanoTime) {
        this.log = log;
        this.everyNanos = every.toNanos();
        this.nanoTime = nanoTime;
        this.warnedAt = new AtomicLong(nanoTime.getAsLong() - everyNanos);
    }

    /**
     * Logs {@code message} at WARNING if none went out within the interval, else at DEBUG.
     *
     * @return true when it went out at WARNING
     */
    boolean log(Supplier<String> message) {
        long now = nanoTime.getAsLong();
        long last = warnedAt.get();
        if (now - last >= everyNanos && warnedAt.compareAndSet(last, now)) {
            long more = suppressed.getAndSet(0);
            log.log(Level.WARNING, () -> message.get() + (more == 0 ? "" : " (and " + more
                    + " more like it in the last " + Duration.ofNanos(everyNanos).toSeconds() + " s, logged at DEBUG)"));
            return true;
        }
        suppressed.incrementAndGet();
        log.log(Level.DEBUG, message);
        return false;
    }
}
