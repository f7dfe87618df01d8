package dev.heliograph.live.hub;

import dev.heliograph.live.channel.ChannelId;
import dev.heliograph.live.json.RawJson;

/**
 * An active managed stream as {@code /api/live/list} shows it.
 *
 * @param channel    the channel, without org prefix ({@code stream/<id>/<measurement>})
 * @param minuteRate frames pushed to it over the last 60 seconds, summed over all nodes
 * @param schema     the schema-only frame JSON of its last frame
 */
public record ManagedChannel(ChannelId channel, long minuteRate, RawJson schema) {}
