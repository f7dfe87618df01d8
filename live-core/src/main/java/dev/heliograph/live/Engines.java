package dev.heliograph.live;

import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.LocalHub;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Picks the engine for {@code [live] ha_engine}: the in-memory {@link LocalHub} when it is
 * empty, else the {@link HubFactory} of that name found on the class path. Called by
 * {@link LiveNode.Builder#build} on the building thread.
 */
final class Engines {
    private static final System.Logger LOG = System.getLogger(Engines.class.getName());

    private Engines() {}

    static Hub create(LiveSettings settings) {
        String engine = settings.haEngine();
        if (engine.isEmpty()) {
            return new LocalHub();
        }
        List<String> found = new ArrayList<>();
        for (HubFactory factory : ServiceLoader.load(HubFactory.class, Engines.class.getClassLoader())) {
            if (factory.engine().equals(engine)) {
                Hub hub = factory.create(settings);
                LOG.log(System.Logger.Level.INFO, "Live engine: {0}", hub);
                return hub;
            }
            found.add(factory.engine());
        }
        if (engine.equals(LiveSettings.REDIS_ENGINE)) {
            throw new IllegalStateException("[live] ha_engine = redis needs the artifact dev.heliograph:live-redis"
                    + " on the class path (add it as a dependency), or leave ha_engine empty for the in-memory engine");
        }
        throw new IllegalArgumentException("[live] ha_engine must be empty (in-memory) or "
                + LiveSettings.REDIS_ENGINE + (found.isEmpty() ? "" : " (engines on the class path: "
                + String.join(", ", found) + ")") + ", got '" + engine + "'");
    }
}
