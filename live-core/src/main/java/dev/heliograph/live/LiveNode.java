package dev.heliograph.live;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.ChannelId;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.control.ServerControl;
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
import dev.heliograph.live.hub.HistoryOptions;
import dev.heliograph.live.hub.HistoryQuery;
import dev.heliograph.live.hub.HistoryResult;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.LocalFanOut;
import dev.heliograph.live.hub.ManagedChannel;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscriber;
import dev.heliograph.live.hub.Subscription;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.protocol.ClientSendHandler;
import dev.heliograph.live.protocol.Disconnect;
import dev.heliograph.live.protocol.RefreshHandler;
import dev.heliograph.live.protocol.RpcMethod;
import dev.heliograph.live.protocol.TokenVerifier;
import dev.heliograph.live.protocol.SessionRegistry;
import dev.heliograph.live.internal.stream.ManagedStreams;
import dev.heliograph.live.stream.StreamHandler;
import dev.heliograph.live.stream.StreamRunner;
import dev.heliograph.live.stream.StreamTimings;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One node of the live system: the host's entry point and what transports call. It owns the
 * handler registry (host scopes, the built-in {@code grafana} features, data-source and plugin
 * streams, managed streams) and sits on one {@link Hub}.
 *
 * <pre>{@code
 * LiveNode node = LiveNode.builder()
 *         .settings(LiveSettings.fromMap(Map.of("max_connections", "1000", "ha_engine", "redis")))
 *         .channelHandler("chat", "rooms", myChatHandler)
 *         .streamHandler("ds", "my-datasource-uid", myStreamHandler)
 *         .dashboardAccess(myDashboardAccess)
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe; called from WebSocket command threads and HTTP request threads. Owns the one
 * timer pool of the node ({@link #scheduler()}: pings, deadlines, releases, stream checks; unless
 * the host gave its own), a thread per running data-source stream, and, through its
 * {@link LocalFanOut}, one fan-out lane thread per core for channels of at least
 * {@link LiveSettings#fanoutParallelThreshold()} subscribers (started on first use, stopped on close); {@link #close()} tells
 * every client to reconnect (3001), then stops them, within {@link LiveSettings#shutdownTimeout()}.
 */
public final class LiveNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LiveNode.class.getName());

    private final Hub hub;
    private final LocalFanOut local;
    private final boolean ownsHub;
    private final HandlerRegistry registry;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final LiveSettings settings;
    private final Map<String, RpcMethod> rpcMethods;
    private final @Nullable RefreshHandler refreshHandler;
    private final @Nullable TokenVerifier tokenVerifier;
    private final Predicate<OrgChannel> subscriptionTokenRequired;
    private final @Nullable ClientSendHandler clientSendHandler;
    private final StreamRunner streams;
    private final ManagedStreams managedStreams;
    private final Dashboards dashboards;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SessionRegistry sessions = new SessionRegistry();
    private final LiveMetrics metrics = new LiveMetrics();
    private final String id = UUID.randomUUID().toString();
    private final ServerControl control;

    private LiveNode(Builder b, Hub hub, boolean ownsHub) {
        this.settings = b.settings;
        this.ownsHub = ownsHub;
        this.hub = hub;
        this.rpcMethods = Map.copyOf(b.rpcMethods);
        this.refreshHandler = b.refreshHandler;
        this.clientSendHandler = b.clientSendHandler;
        this.tokenVerifier = b.tokenVerifier;
        Predicate<OrgChannel> tokenRequired = b.subscriptionTokenRequired;
        this.subscriptionTokenRequired = tokenRequired != null ? tokenRequired : channel -> false;
        this.local = LocalFanOut.attachTo(hub, settings.fanoutParallelThreshold());
        this.ownsScheduler = b.scheduler == null;
        this.scheduler = b.scheduler != null ? b.scheduler : newTimerPool();
        this.streams = new StreamRunner(local, scheduler, b.streamTimings, () -> metrics.recordPublication(PublicationSource.STREAM));
        this.managedStreams = new ManagedStreams(hub, metrics::recordFrameSchemaChange);
        this.dashboards = new Dashboards(hub);
        Map<String, ChannelHandler> features = Map.of(
                "broadcast", new BroadcastFeature(BroadcastFeature.DEFAULT_TTL, System::nanoTime, b.broadcastHistory),
                "dashboard", new DashboardFeature(b.dashboardAccess));
        this.registry = new HandlerRegistry(features, b.streamHandlers, managedStreams, b.channelHandlers, b.scopes);
        this.control = new ServerControl(this, scheduler);
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
    public ServerControl control() {
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
    public SubscribeOutcome subscribe(LiveUser user, OrgChannel channel, @Nullable RawJson data, Subscriber subscriber) {
        requireNonNull(user, "user");
        requireNonNull(channel, "channel");
        requireNonNull(subscriber, "subscriber");
        HandlerRegistry.Route route = resolve(channel);
        if (route == null) {
            return new SubscribeOutcome(SubscribeReply.notFound(), null);
        }
        SubscribeReply reply = askSubscribe(route, user, channel, data);
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
     * Reads the channel's history for the {@code history} method: the channel's handler is asked
     * as for a subscribe (without data), and only a reply with {@link SubscribeReply#recover()}
     * opens the history. The outcome's stage is null when the handler refused or the channel keeps
     * no history; otherwise it completes as {@link Hub#history} does. Same threads and exceptions
     * as {@link #subscribe}.
     */
    public HistoryOutcome history(LiveUser user, OrgChannel channel, HistoryQuery query) {
        requireNonNull(user, "user");
        requireNonNull(channel, "channel");
        requireNonNull(query, "query");
        HandlerRegistry.Route route = resolve(channel);
        if (route == null) {
            return new HistoryOutcome(SubscribeReply.notFound(), null);
        }
        SubscribeReply reply = askSubscribe(route, user, channel, null);
        if (!reply.isOk() || !reply.recover()) {
            return new HistoryOutcome(reply, null);
        }
        CompletionStage<HistoryResult> read;
        try {
            read = hub.history(channel, query);
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        return new HistoryOutcome(reply, read);
    }

    private SubscribeReply askSubscribe(HandlerRegistry.Route route, LiveUser user, OrgChannel channel, @Nullable RawJson data) {
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
        return reply;
    }

    /**
     * Asks the channel's handler and, on OK with data, publishes that data to every node, kept in the
     * channel's history as the reply's {@link PublishReply#history()} says.
     * The stage completes with the handler's reply once the hub accepted the publication, or
     * exceptionally with {@link dev.heliograph.live.hub.HubUnavailableException}; a handler that
     * throws completes it exceptionally with a {@link LiveException}. An unknown scope or
     * namespace completes with NOT_FOUND.
     *
     * @param from the publishing connection; null for HTTP publishes
     */
    public CompletionStage<PublishReply> publish(LiveUser user, OrgChannel channel, RawJson data, @Nullable ClientInfo from) {
        requireNonNull(user, "user");
        requireNonNull(channel, "channel");
        requireNonNull(data, "data");
        HandlerRegistry.Route route;
        PublishReply reply;
        PublishEvent event;
        try {
            route = resolve(channel);
            if (route == null) {
                return CompletableFuture.completedFuture(PublishReply.notFound());
            }
            event = new PublishEvent(user, channel, data);
            reply = route.handler().onPublish(event);
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
            RawJson published = reply.data();
            ChannelHandler handler = route.handler();
            return timed(hub.publish(Publication.of(channel, published, from), reply.history()),
                    from == null ? PublicationSource.HTTP : PublicationSource.CLIENT).thenApply(v -> {
                try {
                    handler.onPublished(new PublishEvent(event.user(), channel, published));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "handler of " + route.key() + " failed in onPublished for " + channel, e);
                }
                return reply;
            });
        } catch (LiveException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Publishes {@code data} from the server to the channel's subscribers on every node, without
     * asking a handler: for host code that produces events itself.
     */
    public CompletionStage<Void> publishFromServer(OrgChannel channel, RawJson data) {
        return publishFromServer(channel, data, HistoryOptions.NONE).thenApply(position -> null);
    }

    /**
     * {@link #publishFromServer(OrgChannel, RawJson)} kept in the channel's history as
     * {@code history} says: what host code uses on channels whose handler keeps history, so that
     * clients recovering after a reconnect get server-side publications too.
     *
     * @return completes with the publication's position (null without history) once the engine
     *     accepted it, or exceptionally with {@link dev.heliograph.live.hub.HubUnavailableException}
     */
    public CompletionStage<dev.heliograph.live.hub.StreamPosition> publishFromServer(OrgChannel channel, RawJson data,
            HistoryOptions history) {
        requireNonNull(channel, "channel");
        requireNonNull(data, "data");
        requireNonNull(history, "history");
        return timed(hub.publish(Publication.of(channel, data), history), PublicationSource.SERVER);
    }

    /**
     * Counts a publication from {@code source} and times the engine's accept of it. Called right
     * after the engine was handed the publication, so the start is the hand-over's end: for an
     * engine that completes at once (in memory) the latency is the completion only.
     */
    private <T> CompletionStage<T> timed(CompletionStage<T> accepted, PublicationSource source) {
        metrics.recordPublication(source);
        long started = System.nanoTime();
        accepted.whenComplete((v, failure) -> metrics.recordPublishLatency(System.nanoTime() - started));
        return accepted;
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
        return timed(managedStreams.push(orgId, streamId, frame), PublicationSource.PUSH);
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

    /** The settings this node and its endpoints run with. */
    public LiveSettings settings() {
        return settings;
    }

    /**
     * The node's one timer pool: client sessions schedule their pings, deadlines and releases on
     * it, the push sockets their pings, the stream runner its checks. Transports and adapters
     * may schedule short tasks; only the node (or the host that passed it) shuts it down.
     */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The host's RPC method registered under {@code name}, or null (the client gets error 104). */
    public @Nullable RpcMethod rpcMethod(String name) {
        return rpcMethods.get(name);
    }

    /** The host's refresh hook, or null (refresh answers 108). */
    public @Nullable RefreshHandler refreshHandler() {
        return refreshHandler;
    }

    /**
     * The check of connection and subscription tokens, or null (tokens are ignored; refresh goes
     * to {@link #refreshHandler()}, sub_refresh answers 108).
     */
    public @Nullable TokenVerifier tokenVerifier() {
        return tokenVerifier;
    }

    /** Whether subscribing to {@code channel} needs a subscription token (by default no channel does). */
    public boolean subscriptionTokenRequired(OrgChannel channel) {
        return subscriptionTokenRequired.test(channel);
    }

    /** The host's hook for the clients' {@code send} messages, or null (they are ignored). */
    public @Nullable ClientSendHandler clientSendHandler() {
        return clientSendHandler;
    }

    /** The client connections open on this node (sessions not yet released). */
    public SessionRegistry sessions() {
        return sessions;
    }

    /** How long {@link #close()} gives client connections to take their 3001 close. */
    public Duration shutdownTimeout() {
        return settings.shutdownTimeout();
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
     * {@link LiveSettings#shutdownTimeout()} (10 s by default) plus a second, even with thousands of
     * clients and dead peers: connections that do not acknowledge the close in time are released
     * without it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            sessions.disconnectAll(Disconnect.SHUTDOWN, settings.shutdownTimeout());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing the client connections failed; stopping anyway", e);
        }
        streams.close();
        if (ownsScheduler) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownsHub) {
            hub.close();
        }
        local.close();
    }

    /** Two daemon threads: timer tasks also refresh presence entries, which may wait on the engine. */
    private static ScheduledExecutorService newTimerPool() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "heliograph-live-timers-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return pool;
    }

    private HandlerRegistry.@Nullable Route resolve(OrgChannel channel) {
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
        private @Nullable Hub hub;
        private LiveSettings settings = LiveSettings.defaults();
        private @Nullable ScheduledExecutorService scheduler;
        private final Map<String, RpcMethod> rpcMethods = new LinkedHashMap<>();
        private @Nullable RefreshHandler refreshHandler;
        private @Nullable ClientSendHandler clientSendHandler;
        private @Nullable TokenVerifier tokenVerifier;
        private @Nullable Predicate<OrgChannel> subscriptionTokenRequired;
        private final Map<String, ChannelHandler> channelHandlers = new HashMap<>();
        private final Map<String, Function<String, ChannelHandler>> scopes = new HashMap<>();
        private final Map<String, StreamHandler> streamHandlers = new HashMap<>();
        private DashboardAccess dashboardAccess = DashboardAccess.none();
        private StreamTimings streamTimings = StreamTimings.defaults();
        private HistoryOptions broadcastHistory = HistoryOptions.NONE;

        private Builder() {}

        /**
         * Keeps the publications of {@code grafana/broadcast/*} channels in history (the last
         * {@code size} of each channel, each for {@code ttl}) and makes their subscriptions
         * positioned and recoverable: a client that reconnects gets what it missed. Off by default.
         *
         * @throws IllegalArgumentException when {@code size < 1} or {@code ttl} is under a millisecond
         */
        public Builder broadcastHistory(int size, Duration ttl) {
            this.broadcastHistory = HistoryOptions.of(size, ttl);
            return this;
        }

        /**
         * Every setting of the node and its endpoints; {@link LiveSettings#defaults()} unless
         * given. Without a {@link #hub}, {@code ha_engine} picks the engine.
         */
        public Builder settings(LiveSettings settings) {
            this.settings = requireNonNull(settings, "settings");
            return this;
        }

        /**
         * A timer pool owned by the caller (never shut down by the node), instead of the node's
         * own two daemon threads.
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Registers an RPC method for the clients' {@code rpc} command; a later one under the same name replaces it. */
        public Builder rpcMethod(String name, RpcMethod method) {
            requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("rpc method name must not be empty");
            }
            rpcMethods.put(name, requireNonNull(method, "method"));
            return this;
        }

        /** The hook answering the clients' {@code refresh} command; without one it answers 108. */
        public Builder refreshHandler(RefreshHandler handler) {
            this.refreshHandler = requireNonNull(handler, "refreshHandler");
            return this;
        }

        /** The hook receiving the clients' {@code send} messages; without one they are ignored. */
        public Builder clientSendHandler(ClientSendHandler handler) {
            this.clientSendHandler = requireNonNull(handler, "clientSendHandler");
            return this;
        }

        /**
         * Verifies the {@code token} of connect, refresh, subscribe and sub_refresh. With it, an
         * adapter may accept a connection whose upgrade carried no credentials: the session then
         * takes its user from the connect token (and refuses a connect without one). The grace
         * after a token's expiry is {@code token_expiry_grace} in the settings.
         */
        public Builder tokenVerifier(TokenVerifier verifier) {
            this.tokenVerifier = requireNonNull(verifier, "tokenVerifier");
            return this;
        }

        /**
         * Which channels need a subscription token (whose {@code sub} is the user and whose
         * {@code channel} is the channel): a subscribe without one is answered 103. Needs a
         * {@link #tokenVerifier}. The channel handler still decides as usual after the token.
         */
        public Builder subscriptionTokenRequired(Predicate<OrgChannel> required) {
            this.subscriptionTokenRequired = requireNonNull(required, "subscriptionTokenRequired");
            return this;
        }

        /**
         * The engine, instead of the one {@code ha_engine} names. A hub given here is never
         * closed by the node; one the node created from the settings is.
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

        /**
         * @throws IllegalStateException when {@code ha_engine} names an engine whose artifact is
         *     not on the class path (the message names it, e.g. {@code dev.heliograph:live-redis})
         * @throws IllegalArgumentException when an {@code ha_engine*} value is not usable
         */
        public LiveNode build() {
            if (subscriptionTokenRequired != null && tokenVerifier == null) {
                throw new IllegalArgumentException("subscriptionTokenRequired needs a tokenVerifier to check the tokens");
            }
            Hub given = hub;
            return given != null ? new LiveNode(this, given, false) : new LiveNode(this, Engines.create(settings), true);
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
