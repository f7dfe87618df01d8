package dev.heliograph.live.testing;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.CachedFrame;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.FrameCache;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.ManagedChannel;
import dev.heliograph.live.hub.Presence;
import dev.heliograph.live.hub.PresenceStats;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscriber;
import dev.heliograph.live.hub.Subscription;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal in-memory hub for the handler tests until the reference LocalHub is merged; it
 * counts publishes that went through {@link #publish} (all nodes) versus {@link #publishLocal}.
 */
public final class MiniHub implements Hub {
    private final Map<OrgChannel, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final Map<OrgChannel, CachedFrame> frames = new ConcurrentHashMap<>();
    private final Map<OrgChannel, Integer> counts = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Void> publish(Publication publication) {
        publishLocal(publication);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void publishLocal(Publication publication) {
        subscribers.getOrDefault(publication.channel(), List.of()).forEach(s -> s.onPublication(publication));
    }

    @Override
    public Subscription subscribe(OrgChannel channel, Subscriber subscriber) {
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(subscriber);
        return () -> subscribers.getOrDefault(channel, List.of()).remove(subscriber);
    }

    @Override
    public int localSubscriberCount(OrgChannel channel) {
        return subscribers.getOrDefault(channel, List.of()).size();
    }

    @Override
    public Presence presence() {
        return new Presence() {
            @Override
            public void add(OrgChannel channel, ClientInfo info) {}

            @Override
            public void remove(OrgChannel channel, String clientId) {}

            @Override
            public Map<String, ClientInfo> list(OrgChannel channel) {
                return Map.of();
            }

            @Override
            public PresenceStats stats(OrgChannel channel) {
                return new PresenceStats(0, 0);
            }
        };
    }

    @Override
    public FrameCache frameCache() {
        return new FrameCache() {
            @Override
            public boolean update(OrgChannel channel, CachedFrame frame) {
                counts.merge(channel, 1, Integer::sum);
                CachedFrame old = frames.put(channel, frame);
                return old == null || !old.schema().equals(frame.schema());
            }

            @Override
            public Optional<CachedFrame> get(OrgChannel channel) {
                return Optional.ofNullable(frames.get(channel));
            }

            @Override
            public List<ManagedChannel> list(long orgId) {
                return frames.entrySet().stream()
                        .filter(e -> e.getKey().orgId() == orgId)
                        .map(e -> new ManagedChannel(e.getKey().channel(), counts.get(e.getKey()), e.getValue().schema()))
                        .sorted(Comparator.comparing(m -> m.channel().toString()))
                        .toList();
            }
        };
    }

    @Override
    public void close() {}
}
