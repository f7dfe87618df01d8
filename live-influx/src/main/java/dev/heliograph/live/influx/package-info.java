/**
 * InfluxDB line protocol for the push endpoints: {@link dev.heliograph.live.influx.LineProtocolParser}
 * reads a body from bytes (strict or lenient, errors naming line and column) and
 * {@link dev.heliograph.live.influx.LineProtocolConverter} turns it into data frames in the
 * {@code labels_column} or {@code wide} layout ({@link dev.heliograph.live.influx.FrameFormat}).
 *
 * <pre>{@code
 * LineProtocolConverter converter = LineProtocolConverter.of(FrameFormat.fromQueryValue(param));
 * for (DataFrame frame : converter.convert(body)) {   // throws LineProtocolException -> 400
 *     publish("stream/" + streamId + "/" + frame.name(), frame);
 * }
 * }</pre>
 */
@NullMarked
package dev.heliograph.live.influx;

import org.jspecify.annotations.NullMarked;
