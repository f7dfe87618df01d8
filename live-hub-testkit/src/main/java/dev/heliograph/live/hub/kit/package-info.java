/**
 * The engine compatibility kit: a third-party {@link dev.heliograph.live.hub.Hub} engine proves
 * it behaves as the in-memory and Redis engines do by running
 * {@link dev.heliograph.live.hub.kit.HubCompatibilityKit} from its own tests (JUnit 5): extend it,
 * implement {@link dev.heliograph.live.hub.kit.HubCompatibilityKit#newHub}, and the nested test
 * groups run against the engine. {@link dev.heliograph.live.hub.kit.HubKitOptions} carries what
 * each test asks of a new engine (key prefix, presence TTL).
 */
@NullMarked
package dev.heliograph.live.hub.kit;

import org.jspecify.annotations.NullMarked;
