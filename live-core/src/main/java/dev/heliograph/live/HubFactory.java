package dev.heliograph.live;

import dev.heliograph.live.hub.Hub;

/**
 * Creates the engine named by {@code [live] ha_engine} (e.g. {@code redis}) from the settings'
 * {@code ha_engine_address}, {@code ha_engine_password} and {@code ha_prefix}. Engine modules
 * register one in {@code META-INF/services/dev.heliograph.live.HubFactory}; {@link LiveNode.Builder#build}
 * finds it with {@link java.util.ServiceLoader} when the host gave no hub of its own.
 *
 * <p>Called once per node, on the thread that builds it.
 */
public interface HubFactory {

    /** The {@code ha_engine} value this factory answers to, lower case (e.g. {@code redis}). */
    String engine();

    /**
     * A new engine; the node owns it and closes it in {@link LiveNode#close()}.
     *
     * @throws IllegalArgumentException when an {@code ha_engine*} value is not usable, naming the key
     */
    Hub create(LiveSettings settings);
}
