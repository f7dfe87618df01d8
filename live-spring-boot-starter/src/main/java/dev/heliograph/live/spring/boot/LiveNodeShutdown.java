package dev.heliograph.live.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveNode;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the {@link LiveNode} when the application context stops, before the web server's
 * graceful shutdown begins: every client gets its 3001 "shutdown" close (and reconnects, e.g. to
 * another node) while the server still runs, within {@code heliograph.live.shutdown-timeout}.
 *
 * <p>Boot runs the embedded server's graceful shutdown in phase
 * {@code SmartLifecycle.DEFAULT_PHASE - 1024} ({@code WebServerGracefulShutdownLifecycle}, the
 * same value on 3.5 and 4.0) and stops the server in a lower phase after it; a higher phase stops
 * earlier, so this one runs at {@link #PHASE}. The node's bean
 * also closes it when destroyed ({@link LiveNode#close()} is idempotent): this only moves the
 * close ahead of the server's. Called by Spring on the thread that stops or closes the context.
 * A node cannot restart, so after {@link #stop()} a later {@code start()} leaves it closed.
 */
final class LiveNodeShutdown implements SmartLifecycle {
    /** Stops before Boot's web server graceful shutdown ({@code DEFAULT_PHASE - 1024}). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final LiveNode node;
    private final AtomicBoolean running = new AtomicBoolean();

    LiveNodeShutdown(LiveNode node) {
        this.node = requireNonNull(node, "node");
    }

    @Override
    public void start() {
        running.set(true);
    }

    @Override
    public void stop() {
        if (running.compareAndSet(true, false)) {
            node.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
