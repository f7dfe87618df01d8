package dev.heliograph.live;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.Subscriber;
import dev.heliograph.live.json.RawJson;
import java.util.concurrent.CompletionStage;

/**
 * One node of the live system: the host's entry point and what transports call. It owns the
 * handler registry (host scopes, the built-in {@code grafana} features, data-source and plugin
 * streams, managed streams) and sits on one {@link Hub}.
 *
 * <p>SKELETON: the signatures transports code against. The handlers work fills the bodies.
 *
 * <p>Thread-safe; called from WebSocket command threads and HTTP request threads.
 */
public final class LiveNode implements AutoCloseable {

    private LiveNode() {}

    /**
     * Resolves the channel's handler, asks it, and on OK registers {@code subscriber} with the
     * hub (starting the channel's data-source stream when it is the first local subscriber).
     * An unknown scope or namespace answers NOT_FOUND. Handler exceptions propagate as
     * {@link LiveException}.
     */
    public SubscribeOutcome subscribe(LiveUser user, OrgChannel channel, RawJson data, Subscriber subscriber) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Asks the channel's handler and, on OK with data, publishes that data to every node.
     * The stage completes with the handler's reply once the hub accepted the publication, or
     * exceptionally with {@link dev.heliograph.live.hub.HubUnavailableException}.
     *
     * @param from the publishing connection; null for HTTP publishes
     */
    public CompletionStage<PublishReply> publish(LiveUser user, OrgChannel channel, RawJson data, ClientInfo from) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The engine. */
    public Hub hub() {
        throw new UnsupportedOperationException("skeleton");
    }

    @Override
    public void close() {}
}
