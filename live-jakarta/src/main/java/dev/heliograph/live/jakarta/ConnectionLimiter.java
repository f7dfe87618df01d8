package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveSettings;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the open WebSocket connections of one registration against {@code max_connections}.
 * Thread-safe; called from the containers' open and close callbacks.
 */
final class ConnectionLimiter {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    /** @param max the limit; {@link LiveSettings#UNLIMITED} for none */
    ConnectionLimiter(int max) {
        this.max = max;
    }

    /** Counts one more connection; false (and nothing counted) when that would exceed the limit. */
    boolean tryAcquire() {
        while (true) {
            int now = open.get();
            if (max != LiveSettings.UNLIMITED && now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Forgets one connection counted by {@link #tryAcquire}. */
    void release() {
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }

    int max() {
        return max;
    }
}
