/** Micrometer meters for a Heliograph Live node: {@link dev.heliograph.live.micrometer.LiveMeterBinder}. */
@NullMarked
package dev.heliograph.live.micrometer;

import org.jspecify.annotations.NullMarked;
