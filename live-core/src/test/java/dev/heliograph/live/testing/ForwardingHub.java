package dev.heliograph.live.testing;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.FrameCache;
import dev.heliograph.live.hub.HistoryOptions;
import dev.heliograph.live.hub.HistoryQuery;
import dev.heliograph.live.hub.HistoryResult;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.Presence;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import java.util.concurrent.CompletionStage;

/**
 * A real hub seen through a test window: every call goes to {@link #real()} unless a subclass
 * overrides it to count, hold or fail it ({@link CountingHub}, {@link GatedHub}). As thread-safe
 * as the real hub and the subclass.
 */
public abstract class ForwardingHub implements Hub {
    private final Hub real;

    protected ForwardingHub(Hub real) {
        this.real = requireNonNull(real, "real");
    }

    /** The hub every call goes to. */
    protected final Hub real() {
        return real;
    }

    @Override
    public void attach(Listener listener) {
        real.attach(listener);
    }

    @Override
    public CompletionStage<StreamPosition> publish(Publication publication, HistoryOptions history) {
        return real.publish(publication, history);
    }

    @Override
    public CompletionStage<Void> sendControl(byte[] message) {
        return real.sendControl(message);
    }

    @Override
    public void listen(OrgChannel channel) {
        real.listen(channel);
    }

    @Override
    public void unlisten(OrgChannel channel) {
        real.unlisten(channel);
    }

    @Override
    public CompletionStage<Void> whenListening(OrgChannel channel) {
        return real.whenListening(channel);
    }

    @Override
    public CompletionStage<HistoryResult> history(OrgChannel channel, HistoryQuery query) {
        return real.history(channel, query);
    }

    @Override
    public Presence presence() {
        return real.presence();
    }

    @Override
    public FrameCache frameCache() {
        return real.frameCache();
    }

    @Override
    public void close() {
        real.close();
    }
}
