/**
 * The engine: {@link dev.heliograph.live.hub.Hub} carries publications, presence, history and the
 * managed-stream frame cache between the nodes of a cluster; {@link dev.heliograph.live.hub.LocalHub}
 * is the single-node engine (live-redis has the shared one). The local fan-out to the sessions of
 * this node is {@link dev.heliograph.live.hub.LocalFanOut}.
 */
@NullMarked
package dev.heliograph.live.hub;

import org.jspecify.annotations.NullMarked;
