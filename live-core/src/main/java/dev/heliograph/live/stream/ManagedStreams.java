package dev.heliograph.live.stream;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.handler.ChannelHandler;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.hub.CachedFrame;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.ManagedChannel;
import java.util.List;
import java.util.Optional;

/**
 * Managed streams, the {@code stream/<streamId>/<name>} channels fed by the push endpoints:
 * the handler of the {@code stream} scope (any user of the org may subscribe and gets the
 * channel's cached last frame, in full, as initial data; clients never publish: only pushes
 * feed these channels), and the org's list of active streams.
 *
 * <p>Created by {@link dev.heliograph.live.LiveNode}; called from connection, request and push
 * threads. Thread-safe; the frame cache lives in the {@link Hub}, shared by all nodes.
 */
public final class ManagedStreams implements ChannelHandler {
    private final Hub hub;

    public ManagedStreams(Hub hub) {
        this.hub = requireNonNull(hub, "hub");
    }

    @Override
    public SubscribeReply onSubscribe(SubscribeEvent event) {
        Optional<CachedFrame> last = hub.frameCache().get(event.channel());
        return last.map(f -> SubscribeReply.ok(f.fullFrame())).orElseGet(SubscribeReply::ok);
    }

    /** Always PERMISSION_DENIED: only the push endpoints feed managed streams. */
    @Override
    public PublishReply onPublish(PublishEvent event) {
        return PublishReply.permissionDenied();
    }

    /** The org's channels with a cached frame, sorted by channel, with their minute rates. */
    public List<ManagedChannel> list(long orgId) {
        return hub.frameCache().list(orgId);
    }
}
