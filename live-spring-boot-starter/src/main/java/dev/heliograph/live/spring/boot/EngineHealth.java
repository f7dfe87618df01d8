package dev.heliograph.live.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.hub.Hub;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's health, whatever Boot line reports it: up unless the engine says it cannot reach
 * its broker (the Redis engine while disconnected; the in-memory engine is always up), with the
 * engine's name and the open client connections as details. The per-line indicators
 * ({@code LiveHealthIndicator}, {@code LiveHealthIndicatorBoot3}) only translate this.
 *
 * <p>Called by the actuator on its request or probe threads; reads volatile state, never waits.
 */
final class EngineHealth {
    private static final String REDIS_HUB = "dev.heliograph.live.redis.RedisHub";

    private final LiveNode node;

    EngineHealth(LiveNode node) {
        this.node = requireNonNull(node, "node");
    }

    /** Whether the engine can serve. */
    boolean up() {
        Hub hub = node.hub();
        if (hub.getClass().getName().equals(REDIS_HUB)) {
            return RedisCheck.connected(hub);
        }
        return true;
    }

    /** The engine ({@code memory} or {@code redis}) and the open client connections. */
    Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        String engine = node.settings().haEngine();
        details.put("engine", engine.isEmpty() ? "memory" : engine);
        details.put("connections", node.sessions().size());
        return details;
    }

    /** Touches live-redis only when the node runs on it (it is optional for the starter). */
    private static final class RedisCheck {
        static boolean connected(Hub hub) {
            return ((dev.heliograph.live.redis.RedisHub) hub).isConnected();
        }
    }
}
