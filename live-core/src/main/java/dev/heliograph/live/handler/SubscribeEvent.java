package dev.heliograph.live.handler;

import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import org.jspecify.annotations.Nullable;

/**
 * A subscribe request as a handler sees it.
 *
 * @param user    who subscribes
 * @param channel the channel, in the user's org
 * @param data    the client's subscribe data; null when none was sent
 */
public record SubscribeEvent(LiveUser user, OrgChannel channel, @Nullable RawJson data) {}
