/**
 * The host's entry points: {@link dev.heliograph.live.LiveNode}, its {@link dev.heliograph.live.LiveSettings}, the user and error types, and the engine factory SPI.
 */
@NullMarked
package dev.heliograph.live;

import org.jspecify.annotations.NullMarked;
