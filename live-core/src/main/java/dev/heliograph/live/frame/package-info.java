/**
 * Grafana data frames: {@link dev.heliograph.live.frame.DataFrame} with typed
 * {@link dev.heliograph.live.frame.Field}s, read and written as Grafana's frame JSON
 * ({@link dev.heliograph.live.frame.FrameReader}, {@link dev.heliograph.live.frame.FrameWriter}).
 */
@NullMarked
package dev.heliograph.live.frame;

import org.jspecify.annotations.NullMarked;
