/**
 * The built-in features of the {@code grafana} scope: {@code broadcast}
 * ({@link dev.heliograph.live.feature.BroadcastFeature}) and {@code dashboard}
 * ({@link dev.heliograph.live.feature.DashboardFeature}, with the host's
 * {@link dev.heliograph.live.feature.DashboardAccess} answers and its
 * {@link dev.heliograph.live.feature.Dashboards} events).
 */
@NullMarked
package dev.heliograph.live.feature;

import org.jspecify.annotations.NullMarked;
