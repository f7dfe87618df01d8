package dev.heliograph.live.internal.stream;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.ChannelId;
import dev.heliograph.live.channel.InvalidChannelException;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.frame.FrameJson;
import dev.heliograph.live.handler.ChannelHandler;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.hub.CachedFrame;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.ManagedChannel;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.json.RawJson;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Managed streams, the {@code stream/<streamId>/<frame name>} channels fed by the push
 * endpoints: {@link #push} (cache the frame, publish it in full when its schema changed, else its
 * data only), the handler of the {@code stream} scope (any user of the org may subscribe and gets
 * the channel's cached last frame, in full, as initial data; clients never publish: only pushes
 * feed these channels), and the org's list of active streams.
 *
 * <p>Created by {@link dev.heliograph.live.LiveNode}; called from connection, request and push
 * threads. Thread-safe; the frame cache lives in the {@link Hub}, shared by all nodes.
 */
public final class ManagedStreams implements ChannelHandler {
    static final String SCOPE = "stream";

    private final Hub hub;

    private final Runnable onSchemaChange;

    public ManagedStreams(Hub hub) {
        this(hub, () -> {});
    }

    /** {@code onSchemaChange} runs (on the pushing thread) for each frame sent in full. */
    public ManagedStreams(Hub hub, Runnable onSchemaChange) {
        this.hub = requireNonNull(hub, "hub");
        this.onSchemaChange = requireNonNull(onSchemaChange, "onSchemaChange");
    }

    /**
     * Pushes one frame to {@code stream/<streamId>/<frame name>} of the org: encodes its schema
     * and its data once each, stores the full frame in the frame cache (which counts it in the
     * channel's minute rate), and publishes the full frame when the schema changed (no cached
     * frame, or a schema that differs byte for byte) or the data only when it did not.
     *
     * @return completes once the engine accepted the publication
     * @throws InvalidChannelException when the stream id or the frame name cannot form a channel
     *     (a frame without a name included)
     */
    public CompletionStage<Void> push(long orgId, String streamId, DataFrame frame) {
        requireNonNull(streamId, "streamId");
        requireNonNull(frame, "frame");
        OrgChannel channel = channelOf(orgId, streamId, frame.name());
        byte[] schemaOnly = FrameJson.encode(frame, FrameJson.Include.SCHEMA_ONLY);
        byte[] dataOnly = FrameJson.encode(frame, FrameJson.Include.DATA_ONLY);
        RawJson full = RawJson.trusted(join(schemaOnly, dataOnly));
        boolean schemaChanged = hub.frameCache().update(channel, new CachedFrame(RawJson.trusted(schemaOnly), full));
        if (schemaChanged) {
            onSchemaChange.run();
        }
        return hub.publish(Publication.of(channel, schemaChanged ? full : RawJson.trusted(dataOnly))).thenApply(position -> null);
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

    private static OrgChannel channelOf(long orgId, String streamId, String frameName) {
        if (frameName.isEmpty()) {
            throw new InvalidChannelException("a frame pushed to stream '" + streamId + "' has no name: the name is"
                    + " the channel path stream/" + streamId + "/<name> (for line protocol, the measurement)");
        }
        try {
            return OrgChannel.of(orgId, ChannelId.of(SCOPE, streamId, frameName));
        } catch (InvalidChannelException e) {
            throw new InvalidChannelException("cannot push to stream '" + streamId + "' a frame named '" + frameName
                    + "': " + e.getMessage());
        }
    }

    /** {@code {"schema":S}} and {@code {"data":D}} joined into {@code {"schema":S,"data":D}}. */
    private static byte[] join(byte[] schemaOnly, byte[] dataOnly) {
        byte[] full = Arrays.copyOf(schemaOnly, schemaOnly.length + dataOnly.length - 1);
        full[schemaOnly.length - 1] = ',';
        System.arraycopy(dataOnly, 1, full, schemaOnly.length, dataOnly.length - 1);
        return full;
    }
}
