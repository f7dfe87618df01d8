package dev.heliograph.live;

import dev.heliograph.live.channel.ChannelId;
import dev.heliograph.live.handler.ChannelHandler;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.stream.StreamHandler;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a channel's {@code scope/namespace} to its handler, once: a found handler is cached
 * under {@code scope/namespace} for the life of the node, so a host scope's resolver is asked
 * once per namespace. Unknown names are not cached (clients could otherwise fill the cache).
 *
 * <p>Scopes: {@code grafana} (features by name), {@code ds} and {@code plugin} (stream handlers
 * by namespace), {@code stream} (managed streams, every namespace), and the host's scopes
 * (exact {@code scope/namespace} registrations first, then the scope's resolver).
 *
 * <p>Built by {@link LiveNode.Builder}; read from any thread.
 */
final class HandlerRegistry {
    static final String GRAFANA = "grafana";
    static final String DS = "ds";
    static final String PLUGIN = "plugin";
    static final String STREAM = "stream";

    /** A resolved handler; {@code stream} is set for {@code ds} and {@code plugin} channels. */
    record Route(String key, ChannelHandler handler, @Nullable StreamHandler stream) {}

    private final Map<String, ChannelHandler> features;
    private final Map<String, StreamHandler> streamHandlers;
    private final ChannelHandler managedStreams;
    private final Map<String, ChannelHandler> hostHandlers;
    private final Map<String, Function<String, ChannelHandler>> hostScopes;
    private final Set<String> knownScopes;
    /** Found routes by scope, then namespace: a lookup allocates nothing. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Route>> cache = new ConcurrentHashMap<>();

    /**
     * @param features       {@code grafana} features by name
     * @param streamHandlers stream handlers by {@code ds/<uid>} or {@code plugin/<id>}
     * @param hostHandlers   host handlers by {@code scope/namespace}
     * @param hostScopes     host scope resolvers by scope
     */
    HandlerRegistry(
            Map<String, ChannelHandler> features,
            Map<String, StreamHandler> streamHandlers,
            ChannelHandler managedStreams,
            Map<String, ChannelHandler> hostHandlers,
            Map<String, Function<String, ChannelHandler>> hostScopes) {
        this.features = Map.copyOf(features);
        this.streamHandlers = Map.copyOf(streamHandlers);
        this.managedStreams = managedStreams;
        this.hostHandlers = Map.copyOf(hostHandlers);
        this.hostScopes = Map.copyOf(hostScopes);
        Set<String> scopes = new HashSet<>(List.of(GRAFANA, DS, PLUGIN, STREAM));
        scopes.addAll(hostScopes.keySet());
        hostHandlers.keySet().forEach(key -> scopes.add(key.substring(0, key.indexOf('/'))));
        this.knownScopes = Set.copyOf(scopes);
    }

    static boolean isBuiltInScope(String scope) {
        return scope.equals(GRAFANA) || scope.equals(DS) || scope.equals(PLUGIN) || scope.equals(STREAM);
    }

    /**
     * The channel's handler, or null when its scope or namespace is unknown.
     *
     * @throws RuntimeException whatever a host scope resolver throws
     */
    @Nullable Route resolve(ChannelId channel) {
        ConcurrentHashMap<String, Route> byNamespace = cache.get(channel.scope());
        if (byNamespace != null) {
            Route cached = byNamespace.get(channel.namespace());
            if (cached != null) {
                return cached;
            }
        } else if (knownScopes.contains(channel.scope())) {
            byNamespace = cache.computeIfAbsent(channel.scope(), s -> new ConcurrentHashMap<>());
        } else {
            return null;
        }
        return byNamespace.computeIfAbsent(
                channel.namespace(), ns -> lookup(channel.scopeAndNamespace(), channel.scope(), ns));
    }

    private @Nullable Route lookup(String key, String scope, String namespace) {
        switch (scope) {
            case GRAFANA:
                return route(key, features.get(namespace));
            case STREAM:
                return route(key, managedStreams);
            case DS:
            case PLUGIN:
                StreamHandler stream = streamHandlers.get(key);
                return stream == null ? null : new Route(key, new StreamChannelHandler(stream), stream);
            default:
                ChannelHandler exact = hostHandlers.get(key);
                if (exact != null) {
                    return route(key, exact);
                }
                Function<String, ChannelHandler> resolver = hostScopes.get(scope);
                return resolver == null ? null : route(key, resolver.apply(namespace));
        }
    }

    private static @Nullable Route route(String key, @Nullable ChannelHandler handler) {
        return handler == null ? null : new Route(key, handler, null);
    }

    /** A stream handler's subscribe and publish callbacks seen as a channel handler. */
    private record StreamChannelHandler(StreamHandler stream) implements ChannelHandler {
        @Override
        public SubscribeReply onSubscribe(SubscribeEvent event) {
            return stream.subscribeStream(event);
        }

        @Override
        public PublishReply onPublish(PublishEvent event) {
            return stream.publishStream(event);
        }
    }
}
