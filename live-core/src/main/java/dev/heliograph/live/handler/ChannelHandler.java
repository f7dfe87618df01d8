package dev.heliograph.live.handler;

/**
 * The host's callbacks for one scope/namespace: may a user subscribe, may a user publish, and
 * what is broadcast. Resolved once per channel and cached.
 *
 * <p>Called from the connection's command thread (WebSocket) or the request thread (HTTP), for
 * many channels and users at once: implementations must be thread-safe. A callback that throws
 * is answered with error 100 (internal) and logged; the connection stays.
 */
public interface ChannelHandler {
    SubscribeReply onSubscribe(SubscribeEvent event);

    PublishReply onPublish(PublishEvent event);

    /**
     * Called once the engine accepted a publication this handler allowed in
     * {@link #onPublish} (its reply's data, on {@code event}'s channel); never for a publication
     * the engine refused (Redis unreachable: the client was told to retry). For handlers that keep
     * what was published, such as the broadcast feature's last message. Called on the thread
     * that completed the publish (the publisher's, or the engine's); must not block. Does nothing
     * by default.
     */
    default void onPublished(PublishEvent event) {
    }
}
