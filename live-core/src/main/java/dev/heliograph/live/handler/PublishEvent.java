package dev.heliograph.live.handler;

import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;

/**
 * A publish request as a handler sees it (from a client or from {@code POST /api/live/publish}).
 *
 * @param user    who publishes
 * @param channel the channel, in the user's org
 * @param data    the data to publish
 */
public record PublishEvent(LiveUser user, OrgChannel channel, RawJson data) {}
