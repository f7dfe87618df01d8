package dev.heliograph.live.redis;

import dev.heliograph.live.HubFactory;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.hub.Hub;

/**
 * {@code [live] ha_engine = redis}: builds a {@link RedisHub} from {@code ha_engine_address},
 * {@code ha_engine_password} and {@code ha_prefix}. Found by {@code LiveNode.Builder.build()}
 * through {@code META-INF/services/dev.heliograph.live.HubFactory} when this jar is on the class
 * path; hosts that need the hub's other options build a {@link RedisHub} themselves and pass it
 * to {@code LiveNode.Builder.hub}. Called on the thread that builds the node.
 */
public final class RedisHubFactory implements HubFactory {

    @Override
    public String engine() {
        return LiveSettings.REDIS_ENGINE;
    }

    /** @throws IllegalArgumentException naming the {@code ha_*} key whose value Redis cannot use */
    @Override
    public Hub create(LiveSettings settings) {
        RedisHub.Builder b = RedisHub.builder();
        try {
            b.address(settings.haEngineAddress());
        } catch (RedisConfigException e) {
            // the address parser's message already lists the accepted forms
            throw new IllegalArgumentException("[live] ha_engine_address '" + settings.haEngineAddress() + "': "
                    + e.getMessage(), e);
        }
        try {
            b.prefix(settings.haPrefix());
        } catch (RedisConfigException e) {
            throw new IllegalArgumentException("[live] " + e.getMessage(), e);
        }
        return b.password(settings.haEnginePassword()).build();
    }
}
