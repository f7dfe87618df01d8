/**
 * Streams: data-source and plugin streams ({@link dev.heliograph.live.stream.StreamHandler}, run
 * per channel per node by {@link dev.heliograph.live.stream.StreamRunner}) and managed streams
 * fed by the push endpoints ({@link dev.heliograph.live.internal.stream.ManagedStreams}).
 */
@NullMarked
package dev.heliograph.live.stream;

import org.jspecify.annotations.NullMarked;
