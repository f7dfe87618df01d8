package dev.heliograph.live;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.ChannelId;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.feature.BroadcastFeature;
import dev.heliograph.live.feature.DashboardAccess;
import dev.heliograph.live.feature.DashboardFeature;
import dev.heliograph.live.feature.Dashboards;
import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.handler.ChannelHandler;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.LocalFanOut;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.hub.ManagedChannel;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscriber;
import dev.heliograph.live.hub.Subscription;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.protocol.Disconnect;
import dev.heliograph.live.protocol.SessionRegistry;
import dev.heliograph.live.stream.ManagedStreams;
import dev.heliograph.live.stream.StreamHandler;
import dev.heliograph.live.stream.StreamRunner;
import dev.heliograph.live.stream.StreamTimings;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One node of the live system: the host's entry point and what transports call. It owns the
 * handler registry (host scopes, the built-in {@code grafana} features, data-source and plugin
 * streams, managed streams) and sits on one {@link Hub}.
 *
 * <pre>{@code
 * LiveNode node = LiveNode.builder()
 *         .channelHandler("chat", "rooms", myChatHandler)
 *         .streamHandler("ds", "my-datasource-uid", myStreamHandler)
 *         .dashboardAccess(myDashboardAccess)
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe; called from WebSocket command threads and HTTP request threads. Owns one small
 * scheduler thread and a thread per running data-source stream; {@link #close()} tells every
 * client to reconnect (3001), then stops them, within {@link Builder#shutdownTimeout}.
 */
public final class LiveNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LiveNode.class.getName());

    private final Hub hub;
    private final LocalFanOut local;
    private final boolean ownsHub;
    private final HandlerRegistry registry;
    private final ScheduledThreadPoolExecutor scheduler;
    private final StreamRunner streams;
    private final ManagedStreams managedStreams;
    private final Dashboards dashboards;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SessionRegistry sessions = new SessionRegistry();
    private final LiveMetrics metrics = new LiveMetrics();
    private final Duration shutdownTimeout;
    private final String id = java.util.UUID.randomUUID().toString();
    private final dev.heliograph.live.control.ServerControl control;

    private LiveNode(Builder b) {
        this.shutdownTimeout = b.shutdownTimeout;
        this.ownsHub = b.hub == null;
        this.hub = ownsHub ? new LocalHub() : b.hub;
        this.local = LocalFanOut.attachTo(hub);
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "heliograph-live-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.streams = new StreamRunner(local, scheduler, b.streamTimings);
        this.managedStreams = new ManagedStreams(hub);
        this.dashboards = new Dashboards(hub);
        Map<String, ChannelHandler> features = Map.of(
                "broadcast", new BroadcastFeature(),
                "dashboard", new DashboardFeature(b.dashboardAccess));
        this.registry = new HandlerRegistry(features, b.streamHandlers, managedStreams, b.channelHandlers, b.scopes);
        this.control = new dev.heliograph.live.control.ServerControl(this, scheduler);
        local.controlHandler(control::onControl);
    }

    /** This node's id, unique across nodes: names it in emulated connections' posts. */
    public String id() {
        return id;
    }

    /**
     * Server-side control of client connections on every node: disconnect or unsubscribe a
     * user, list presence, publish to many channels.
     */
    public dev.heliograph.live.control.ServerControl control() {
        return control;
    }

    /** A builder for a node; see the class example. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Resolves the channel's handler, asks it, and on OK registers {@code subscriber} with the
     * hub (starting the channel's data-source stream when it is the first local subscriber).
     * An unknown scope or namespace answers NOT_FOUND. Handler exceptions propagate as
     * {@link LiveException}.
     *
     * <p>The caller guarantees {@code channel.orgId() == user.orgId()} (the protocol checks the
     * channel's org prefix before calling). Presence and join/leave, when the reply asks for
     * them, are the caller's to do: it knows the connection's {@link ClientInfo}.
     *
     * @param data the client's subscribe data; null when none
     */
    public SubscribeOutcome subscribe(LiveUser user, OrgChannel channel, RawJson data, Subscriber subscriber) {
        requireNonNull(user, "user");
        requireNonNull(channel, "channel");
        requireNonNull(subscriber, "subscriber");
        HandlerRegistry.Route route = resolve(channel);
        if (route == null) {
            return new SubscribeOutcome(SubscribeReply.notFound(), null);
        }
        SubscribeReply reply;
        try {
            reply = route.handler().onSubscribe(new SubscribeEvent(user, channel, data));
        } catch (LiveException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LiveException("handler of " + route.key() + " failed on subscribe to " + channel + ": " + e, e);
        }
        if (reply == null) {
            throw new LiveException("handler of " + route.key() + " returned no reply on subscribe to " + channel
                    + ": return SubscribeReply.notFound() or permissionDenied() to refuse");
        }
        if (!reply.isOk()) {
            return new SubscribeOutcome(reply, null);
        }
        Subscription subscription = local.subscribe(channel, subscriber);
        if (route.stream() != null) {
            try {
                streams.ensureRunning(channel, route.stream(), user, data);
            } catch (RuntimeException e) {
                // the caller never sees this subscription: release it rather than leave a dead subscriber
                subscription.close();
                throw new LiveException("stream " + channel + " could not be started: " + e, e);
            }
        }
        return new SubscribeOutcome(reply, subscription);
    }

    /**
     * Asks the channel's handler and, on OK with data, publishes that data to every node.
     * The stage completes with the handler's reply once the hub accepted the publication, or
     * exceptionally with {@link dev.heliograph.live.hub.HubUnavailableException}; a handler that
     * throws completes it exceptionally with a {@link LiveException}. An unknown scope or
     * namespace completes with NOT_FOUND.
     *
     * @param from the publishing connection; null for HTTP publishes
     */
    public CompletionStage<PublishReply> publish(LiveUser user, OrgChannel channel, RawJson data, ClientInfo from) {
        requireNonNull(user, "user");
        requireNonNull(channel, "channel");
        requireNonNull(data, "data");
        HandlerRegistry.Route route;
        PublishReply reply;
        try {
            route = resolve(channel);
            if (route == null) {
                return CompletableFuture.completedFuture(PublishReply.notFound());
            }
            reply = route.handler().onPublish(new PublishEvent(user, channel, data));
        } catch (LiveException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(
                    new LiveException("handler of " + channel.channel().scopeAndNamespace() + " failed on publish to "
                            + channel + ": " + e, e));
        }
        if (reply == null) {
            return CompletableFuture.failedFuture(new LiveException("handler of " + route.key()
                    + " returned no reply on publish to " + channel + ": return PublishReply.permissionDenied() to refuse"));
        }
        if (!reply.isOk() || reply.data() == null) {
            return CompletableFuture.completedFuture(reply);
        }
        try {
            return hub.publish(Publication.of(channel, reply.data(), from)).thenApply(v -> reply);
        } catch (LiveException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Publishes {@code data} from the server to the channel's subscribers on every node, without
     * asking a handler: for host code that produces events itself.
     */
    public CompletionStage<Void> publishFromServer(OrgChannel channel, RawJson data) {
        requireNonNull(channel, "channel");
        requireNonNull(data, "data");
        return hub.publish(Publication.of(channel, data)).thenApply(position -> null);
    }

    /**
     * Pushes a frame to the managed stream {@code stream/<streamId>/<frame name>} of the org (the
     * push endpoints call this): the frame cache keeps it as the channel's last frame and counts
     * it in the minute rate; subscribers on every node get the full frame when its schema changed
     * and the data only when it did not.
     *
     * @return completes once the engine accepted the publication, or exceptionally with
     *     {@link dev.heliograph.live.hub.HubUnavailableException}
     * @throws dev.heliograph.live.channel.InvalidChannelException when the stream id or the frame
     *     name cannot form a channel (a frame without a name included)
     */
    public CompletionStage<Void> pushFrame(long orgId, String streamId, DataFrame frame) {
        return managedStreams.push(orgId, streamId, frame);
    }

    /** The org's active managed streams (channels with a cached frame), sorted, with minute rates. */
    public List<ManagedChannel> listManagedStreams(long orgId) {
        return managedStreams.list(orgId);
    }

    /** Where the host announces dashboard saves and deletes. */
    public Dashboards dashboards() {
        return dashboards;
    }

    /** The engine. */
    public Hub hub() {
        return hub;
    }

    /**
     * This node's subscribers by channel and the fan-out to them: what the engine delivers goes
     * through it, and data-source stream output goes to it directly.
     */
    public LocalFanOut localSubscribers() {
        return local;
    }

    /** The client connections open on this node (sessions not yet released). */
    public SessionRegistry sessions() {
        return sessions;
    }

    /** How long {@link #close()} gives client connections to take their 3001 close. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** What the node counted while protecting itself and its clients (slow clients, rate limits, ...). */
    public LiveMetrics metrics() {
        return metrics;
    }

    /**
     * Shuts the node down: every client connection is closed with 3001 "shutdown" once what was
     * queued for it was written (the clients reconnect, e.g. to another node), then every stream
     * run and the scheduler stop, then the hub is closed if this node created it (a hub passed
     * to the builder is the caller's to close). Idempotent; returns within
     * {@link Builder#shutdownTimeout} (10 s by default) plus a second, even with thousands of
     * clients and dead peers: connections that do not acknowledge the close in time are released
     * without it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            sessions.disconnectAll(Disconnect.SHUTDOWN, shutdownTimeout);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing the client connections failed; stopping anyway", e);
        }
        streams.close();
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsHub) {
            hub.close();
        }
        local.close();
    }

    private HandlerRegistry.Route resolve(OrgChannel channel) {
        HandlerRegistry.Route route;
        try {
            route = registry.resolve(channel.channel());
        } catch (LiveException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LiveException("resolving the handler of " + channel.channel().scopeAndNamespace() + " failed: " + e, e);
        }
        if (route == null) {
            LOG.log(Level.DEBUG, "no handler for {0} (channel {1}): unknown scope, namespace or feature",
                    channel.channel().scopeAndNamespace(), channel);
        }
        return route;
    }

    /**
     * Configures a {@link LiveNode}. Not thread-safe; build once.
     *
     * <p>The scopes {@code grafana}, {@code ds}, {@code plugin} and {@code stream} are built in:
     * host handlers go to scopes of their own, and stream handlers to {@code ds} or
     * {@code plugin} namespaces.
     */
    public static final class Builder {
        private Hub hub;
        private final Map<String, ChannelHandler> channelHandlers = new HashMap<>();
        private final Map<String, Function<String, ChannelHandler>> scopes = new HashMap<>();
        private final Map<String, StreamHandler> streamHandlers = new HashMap<>();
        private DashboardAccess dashboardAccess = DashboardAccess.none();
        private StreamTimings streamTimings = StreamTimings.defaults();
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        private Builder() {}

        /**
         * How long {@link LiveNode#close()} waits for client connections to take their 3001
         * "shutdown" close before releasing them anyway (default 10 s).
         */
        public Builder shutdownTimeout(Duration timeout) {
            requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must not be negative, got " + timeout);
            }
            this.shutdownTimeout = timeout;
            return this;
        }

        /**
         * The engine; by default a new in-memory one that the node closes. A hub given here is
         * never closed by the node.
         */
        public Builder hub(Hub hub) {
            this.hub = requireNonNull(hub, "hub");
            return this;
        }

        /** Handles every channel {@code scope/namespace/*}; takes precedence over {@link #scope}. */
        public Builder channelHandler(String scope, String namespace, ChannelHandler handler) {
            requireNonNull(handler, "handler");
            String key = hostKey(scope, namespace);
            if (channelHandlers.putIfAbsent(key, handler) != null) {
                throw new IllegalArgumentException("a handler for " + key + " is already registered");
            }
            return this;
        }

        /**
         * A host scope: {@code handlerForNamespace} is asked once per namespace (the answer is
         * cached for the node's life); null means the namespace does not exist (NOT_FOUND, asked
         * again next time).
         */
        public Builder scope(String scope, Function<String, ChannelHandler> handlerForNamespace) {
            requireNonNull(handlerForNamespace, "handlerForNamespace");
            hostKey(scope, "namespace");
            if (scopes.putIfAbsent(scope, handlerForNamespace) != null) {
                throw new IllegalArgumentException("scope '" + scope + "' is already registered");
            }
            return this;
        }

        /** A data-source ({@code ds/<uid>}) or plugin ({@code plugin/<id>}) stream handler. */
        public Builder streamHandler(String scope, String namespace, StreamHandler handler) {
            requireNonNull(scope, "scope");
            requireNonNull(namespace, "namespace");
            requireNonNull(handler, "handler");
            if (!scope.equals(HandlerRegistry.DS) && !scope.equals(HandlerRegistry.PLUGIN)) {
                throw new IllegalArgumentException("stream handlers go to scope 'ds' or 'plugin', got '" + scope + "'");
            }
            String key = ChannelId.of(scope, namespace, "x").scopeAndNamespace();
            if (streamHandlers.putIfAbsent(key, handler) != null) {
                throw new IllegalArgumentException("a stream handler for " + key + " is already registered");
            }
            return this;
        }

        /** The host's dashboard answers; by default no dashboard exists. */
        public Builder dashboardAccess(DashboardAccess dashboardAccess) {
            this.dashboardAccess = requireNonNull(dashboardAccess, "dashboardAccess");
            return this;
        }

        /** When streams are checked, stopped and restarted; Grafana's by default. */
        public Builder streamTimings(StreamTimings streamTimings) {
            this.streamTimings = requireNonNull(streamTimings, "streamTimings");
            return this;
        }

        public LiveNode build() {
            return new LiveNode(this);
        }

        private static String hostKey(String scope, String namespace) {
            requireNonNull(scope, "scope");
            requireNonNull(namespace, "namespace");
            if (HandlerRegistry.isBuiltInScope(scope)) {
                throw new IllegalArgumentException("scope '" + scope + "' is built in (grafana, ds, plugin, stream):"
                        + " register host handlers under a scope of your own, stream handlers with streamHandler(...)");
            }
            return ChannelId.of(scope, namespace, "x").scopeAndNamespace();
        }
    }
}
