package dev.heliograph.live.hub;

import dev.heliograph.live.hub.kit.HubCompatibilityKit;
import dev.heliograph.live.hub.kit.HubKitOptions;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

/** Runs the engine compatibility kit against the in-memory {@link LocalHub}. */
@DisplayName("LocalHub passes the engine compatibility kit")
class LocalHubCompatibilityTest extends HubCompatibilityKit {

    @Override
    protected Hub newHub(HubKitOptions options) {
        return LocalHub.builder().presenceTtl(options.presenceTtl()).historySweepInterval(Duration.ofMillis(50)).build();
    }
}
