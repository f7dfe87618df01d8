package dev.heliograph.live.example.boot;

import dev.heliograph.live.handler.ChannelHandler;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;

/**
 * The channels {@code chat/rooms/<room>}: any signed-in user of the org may join a room (with
 * presence and join/leave) and post to it, from a client or {@code POST /api/live/publish}.
 * Stateless; called on WebSocket command threads and HTTP request threads.
 */
final class ChatRooms implements ChannelHandler {

    @Override
    public SubscribeReply onSubscribe(SubscribeEvent event) {
        return SubscribeReply.ok().withPresenceAndJoinLeave();
    }

    @Override
    public PublishReply onPublish(PublishEvent event) {
        return PublishReply.ok(event.data());
    }
}
