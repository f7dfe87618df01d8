package dev.heliograph.live.redis.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real {@code redis-server} for a test class, on a free port, without persistence:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension redis = new RedisServerExtension();
 * }</pre>
 *
 * Tests share the server, so each test uses its own key prefix ({@link #uniquePrefix}). Fault
 * tests call {@link #stop()} and {@link #restart()} (same port); the server is killed after the
 * class, whatever happened.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private RedisProcess server;
    private Class<?> owner;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server == null) { // @Nested classes see the outer class's extension too: one server for all
            server = RedisProcess.server();
            owner = context.getRequiredTestClass();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null && context.getRequiredTestClass() == owner) {
            server.stop();
            server = null;
        }
    }

    public int port() {
        return server.port();
    }

    /** {@code 127.0.0.1:<port>}: a valid {@code ha_engine_address}. */
    public String address() {
        return server.hostPort();
    }

    /** Kills the server (SIGKILL). */
    public void stop() {
        server.stop();
    }

    /** Starts the server again on the same port, empty; returns once it answers PING. */
    public void restart() {
        server.restart();
    }

    /** Starts the server if it is stopped (for a test that ended with it down). */
    public void ensureRunning() {
        if (!server.isRunning()) {
            server.restart();
        }
    }

    public RedisProcess process() {
        return server;
    }

    /** A key prefix no other test in this JVM uses. */
    public static String uniquePrefix(String name) {
        return name + "-" + PREFIXES.incrementAndGet();
    }
}
