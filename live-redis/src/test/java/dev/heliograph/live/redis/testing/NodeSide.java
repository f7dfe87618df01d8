package dev.heliograph.live.redis.testing;

import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.LocalFanOut;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The node side of a hub in tests that run engines without a {@code LiveNode}: the
 * {@link LocalFanOut} attached to it on first use, as a node would. Thread-safe.
 */
public final class NodeSide {
    private static final Map<Hub, LocalFanOut> ATTACHED = Collections.synchronizedMap(new WeakHashMap<>());

    private NodeSide() {}

    /** The fan-out attached to {@code hub}, attaching one the first time. */
    public static LocalFanOut local(Hub hub) {
        return ATTACHED.computeIfAbsent(hub, LocalFanOut::attachTo);
    }
}
