package dev.heliograph.live.redis;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.kit.HubCompatibilityKit;
import dev.heliograph.live.hub.kit.HubKitOptions;
import dev.heliograph.live.redis.testing.RedisServerExtension;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the engine compatibility kit against {@link RedisHub} on a real redis-server, including
 * the multi-node group: two RedisHubs on one Redis are two nodes.
 */
@DisplayName("RedisHub passes the engine compatibility kit")
class RedisHubCompatibilityTest extends HubCompatibilityKit {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected Hub newHub(HubKitOptions options) {
        return RedisHub.builder().address(redis.address()).prefix(options.keyPrefix())
                .presenceTtl(options.presenceTtl()).build();
    }

    @Override
    protected boolean supportsMultipleNodes() {
        return true;
    }

    @Override
    protected Hub newPeer(Hub first, HubKitOptions options) {
        return newHub(options);
    }

    @Override
    protected void awaitSubscribed(Hub hub, OrgChannel channel) {
        RedisHub node = (RedisHub) hub;
        Awaitility.await().atMost(deliveryTimeout()).pollInterval(Duration.ofMillis(5))
                .until(() -> node.isListening(channel));
    }
}
