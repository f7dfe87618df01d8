package dev.heliograph.live.redis;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.FrameCache;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.HistoryOptions;
import dev.heliograph.live.hub.HistoryQuery;
import dev.heliograph.live.hub.HistoryResult;
import dev.heliograph.live.hub.EngineMetrics;
import dev.heliograph.live.hub.HubUnavailableException;
import dev.heliograph.live.hub.Presence;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The Redis engine ({@code ha_engine = redis}): every node of a cluster builds one against the
 * same Redis, and a publication made on any node reaches the subscribers on every node; presence
 * and the managed-stream frame cache are shared too. Several hubs in one JVM are independent
 * nodes (tests and the multi-node examples rely on it).
 *
 * <pre>{@code
 * try (RedisHub hub = RedisHub.builder().address("redis://127.0.0.1:6379").prefix("prod").build()) {
 *     LiveNode node = LiveNode.builder().hub(hub).build();   // the node attaches and listens
 *     hub.publish(Publication.of(channel, RawJson.parse("{\"text\":\"hi\"}")));
 * }
 * }</pre>
 *
 * <p><b>How.</b> One PUB/SUB connection per node on its own thread subscribes to a channel while
 * the node listens to it ({@link #listen}, called by the node's
 * {@link dev.heliograph.live.hub.LocalFanOut} on a channel's first local subscriber); each message
 * is decoded once and handed to the attached {@link dev.heliograph.live.hub.Hub.Listener}, which
 * fans it out locally with the same promises as on {@link dev.heliograph.live.hub.LocalHub}.
 * Publishes go through one publisher thread that pipelines everything pending in one round trip.
 * Presence and frames are Lua scripts on a small connection pool.
 *
 * <p><b>When Redis is away.</b> The hub is built even when Redis is down at start (it logs an
 * error) and keeps reconnecting with backoff; on reconnect it resubscribes every channel held,
 * with no restart. Meanwhile {@link #publish} fails fast with
 * {@link dev.heliograph.live.hub.HubUnavailableException} and delivers to nobody, not even
 * locally: a failed publish reached no one, so a retry never shows a message twice. Local
 * subscriptions stay, and data-source stream output (node-local) keeps working.
 * Presence and frame-cache calls throw {@code HubUnavailableException}. With a
 * {@code sentinel://} address each reconnect asks the sentinels for the current master, so the
 * nodes follow a failover. Once Redis confirms a channel's SUBSCRIBE again after a reconnect,
 * the node is told ({@link Listener#onResubscribed}) so it can read what it missed from history.
 *
 * <p><b>History.</b> A publish with {@link HistoryOptions} enabled runs one Lua script that
 * appends it to the channel's Redis Stream, gives it the next offset in the channel's epoch and
 * publishes it with that position, atomically (see {@link RedisHistory} for the keys, the exact
 * {@code MAXLEN} and the expiry). The script call is pipelined with the plain publishes on the
 * publisher thread, so publishes stay non-blocking and ordered. {@link #history} is one script
 * call too (the stream top alone: one small hash read). A lost stream (Redis restarted without
 * persistence, key evicted or deleted, failover to a replica without it) means a new epoch, so
 * nodes and clients learn that a gap cannot be closed. Sizes are capped by
 * {@link Builder#maxHistorySize}; memory is bounded by the TTLs (every history key expires).
 * After a reconnect the node reads what it missed from history ({@link Listener#onResubscribed}),
 * which closes the resubscribe gap for channels with history; channels without history keep it.
 *
 * <p><b>Threads.</b> Thread-safe. Per hub: a listener thread (subscribers are called on it), a
 * publisher thread (publish and history stages complete on it, so their continuations must not
 * block) and a control thread (SUBSCRIBE changes,
 * pings). {@link #close()} stops them within a few seconds whatever Redis's state.
 */
public final class RedisHub implements Hub {
    private final String nodeId;
    private final KeySpace keys;
    private final RedisConnector connector;
    private volatile @Nullable Listener delivery;
    private final PubSubListener listener;
    private final EngineMetrics metrics = new EngineMetrics(this::isConnected);
    private final Publisher publisher;
    private final ScheduledExecutorService control;
    private final RedisPresence presence;
    private final RedisFrameCache frameCache;
    private final RedisHistory history;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** How long a positioned subscribe waits for Redis to confirm this node's SUBSCRIBE. */
    private static final Duration LISTEN_CONFIRM_WAIT = Duration.ofSeconds(5);

    private RedisHub(Builder b) {
        this.nodeId = UUID.randomUUID().toString().substring(0, 8);
        this.keys = new KeySpace(b.prefix);
        this.connector = new RedisConnector(b.address, b.sentinelPassword, b.connectTimeout, b.socketTimeout,
                b.maxConnections, nodeId);
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heliograph-redis-control-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        this.listener = new PubSubListener(connector, keys.controlChannel(nodeId), this::deliver, this::resubscribed, control,
                b.backoffMin, b.backoffMax, b.pingInterval, "heliograph-redis-listener-" + nodeId, metrics);
        this.publisher = new Publisher(connector, b.publishQueueCapacity, "heliograph-redis-publisher-" + nodeId);
        this.presence = new RedisPresence(connector, keys, b.presenceTtl);
        this.frameCache = new RedisFrameCache(connector, keys, b.frameTtl);
        this.history = new RedisHistory(keys, b.maxHistorySize, b.emptyHistoryTtl);
        connector.onDown(listener::dropConnection);
    }

    public static Builder builder() {
        return new Builder();
    }

    private RedisHub start(Duration firstConnectWait) {
        listener.alsoListen(keys.broadcastControlChannel(), this::deliverControl);
        publisher.start();
        listener.start();
        try {
            listener.awaitFirstAttempt(firstConnectWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    @Override
    public void attach(Listener listener) {
        requireNonNull(listener, "listener");
        synchronized (this) {
            if (delivery != null) {
                throw new IllegalStateException(this + " already delivers to " + delivery
                        + ": an engine serves one node; build a RedisHub per LiveNode");
            }
            delivery = listener;
        }
        if (closed.get()) {
            listener.onClosed();
        }
    }

    @Override
    public CompletionStage<StreamPosition> publish(Publication publication, HistoryOptions history) {
        requireNonNull(publication, "publication");
        requireNonNull(history, "history");
        if (closed.get()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!connector.isUp()) {
            return CompletableFuture.failedFuture(connector.unavailable("publishing to " + publication.channel(), null));
        }
        if (history.enabled() && publication.kind() == Publication.Kind.PUBLICATION) {
            return publisher.submit(RedisHistory.PUBLISH, this.history.keys(publication.channel()),
                    runId -> this.history.publishArgs(publication, history, runId)).thenApply(RedisHistory::position);
        }
        byte[] channel = KeySpace.bytes(keys.pubSubChannel(publication.channel()));
        return publisher.submit(channel, MessageCodec.encode(publication)).thenApply(v -> null);
    }

    private void deliver(Publication publication) {
        Listener l = delivery;
        if (l != null && !closed.get()) {
            l.onPublication(publication);
        }
    }

    private void resubscribed(OrgChannel channel) {
        Listener l = delivery;
        if (l != null && !closed.get()) {
            l.onResubscribed(channel);
        }
    }

    /** PUBLISHes on the control channel under the key prefix, which every node's listener subscribes to. */
    @Override
    public CompletionStage<Void> sendControl(byte[] message) {
        requireNonNull(message, "message");
        if (closed.get()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!connector.isUp()) {
            return CompletableFuture.failedFuture(connector.unavailable("sending a control message", null));
        }
        return publisher.submit(KeySpace.bytes(keys.broadcastControlChannel()), message).thenApply(v -> null);
    }

    private void deliverControl(byte[] message) {
        Listener l = delivery;
        if (l != null && !closed.get()) {
            l.onControl(message);
        }
    }

    @Override
    public void listen(OrgChannel channel) {
        listener.want(keys.pubSubChannel(requireNonNull(channel, "channel")), channel);
    }

    @Override
    public void unlisten(OrgChannel channel) {
        listener.unwant(keys.pubSubChannel(requireNonNull(channel, "channel")));
    }

    @Override
    public CompletionStage<HistoryResult> history(OrgChannel channel, HistoryQuery query) {
        requireNonNull(channel, "channel");
        requireNonNull(query, "query");
        if (closed.get()) {
            return CompletableFuture.failedFuture(new HubUnavailableException("the Redis engine is closed"));
        }
        if (!connector.isUp()) {
            return CompletableFuture.failedFuture(connector.unavailable("reading the history of " + channel, null));
        }
        return publisher.submit(RedisHistory.READ, history.keys(channel), runId -> history.readArgs(query, runId))
                .thenApply(answer -> RedisHistory.result(channel, answer));
    }

    @Override
    public Presence presence() {
        return presence;
    }

    @Override
    public FrameCache frameCache() {
        return frameCache;
    }

    /**
     * Completes once Redis confirmed this node's SUBSCRIBE to the channel, so that a positioned
     * subscribe reads history only when every later publication will also arrive live; fails
     * with {@link HubUnavailableException} when Redis does not confirm within 5 s (the client's subscribe then gets a temporary error and retries).
     */
    @Override
    public CompletionStage<Void> whenListening(OrgChannel channel) {
        return listener.whenListening(keys.pubSubChannel(requireNonNull(channel, "channel")), LISTEN_CONFIRM_WAIT);
    }

    /**
     * Up (the connector's view), PUB/SUB reconnects, and the PUB/SUB lag: the time a PING sent
     * on the listener connection every ping interval takes to come back as its pong, which Redis
     * queues behind every message not yet read from that connection (so a listener falling
     * behind shows here, not only the network round trip).
     */
    @Override
    public EngineMetrics engineMetrics() {
        return metrics;
    }

    /** True while the node has a working connection to Redis (for health checks). */
    public boolean isConnected() {
        return connector.isUp();
    }

    /**
     * True once Redis confirmed that this node listens to {@code channel}: from then on a publish
     * from any node reaches this node's subscribers. The subscription itself is asynchronous
     * ({@link #listen} never waits on the network); health checks and tests can wait for this.
     */
    public boolean isListening(OrgChannel channel) {
        return listener.isListening(keys.pubSubChannel(requireNonNull(channel, "channel")));
    }

    /** A short random id naming this node in logs, thread names and its Redis client name. */
    public String nodeId() {
        return nodeId;
    }

    /** {@code gf_live} or {@code <prefix>.gf_live}: what every key and PUB/SUB channel starts with. */
    public String keyBase() {
        return keys.base();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Listener l = delivery;
        if (l != null) {
            l.onClosed(); // first: nothing reaches the node's subscribers from here on
        }
        publisher.close();
        listener.close();
        control.shutdownNow();
        try {
            control.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connector.close();
    }

    @Override
    public String toString() {
        return "RedisHub[node " + nodeId + ", " + connector.address() + ", keys " + keys.base() + ".*]";
    }

    /**
     * Settings of a {@link RedisHub}; the names follow Grafana's {@code [live]} keys where one
     * exists. Not thread-safe; build once.
     */
    public static final class Builder {
        private RedisAddress address = RedisAddress.parse("127.0.0.1:6379");
        private @Nullable String password;
        private @Nullable String sentinelPassword;
        private String prefix = "";
        private Duration presenceTtl = Duration.ofSeconds(60);
        private Duration frameTtl = Duration.ofDays(7);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration socketTimeout = Duration.ofSeconds(2);
        private Duration backoffMin = Duration.ofMillis(50);
        private Duration backoffMax = Duration.ofSeconds(1);
        private Duration pingInterval = Duration.ofSeconds(5);
        private int maxConnections = 8;
        private int publishQueueCapacity = 65_536;
        private int maxHistorySize = 1_000;
        private Duration emptyHistoryTtl = Duration.ofMinutes(5);

        private Builder() {}

        /** {@code ha_engine_address}: see {@link RedisAddress} for the forms. Default {@code 127.0.0.1:6379}. */
        public Builder address(String address) {
            this.address = RedisAddress.parse(requireNonNull(address, "address"));
            return this;
        }

        public Builder address(RedisAddress address) {
            this.address = requireNonNull(address, "address");
            return this;
        }

        /** {@code ha_engine_password}; a password in the address wins. Empty means none. */
        public Builder password(String password) {
            this.password = password == null || password.isEmpty() ? null : password;
            return this;
        }

        /** The sentinels' own password ({@code requirepass} on the sentinels), if they have one. */
        public Builder sentinelPassword(String sentinelPassword) {
            this.sentinelPassword = sentinelPassword == null || sentinelPassword.isEmpty() ? null : sentinelPassword;
            return this;
        }

        /**
         * {@code ha_prefix}: keys and PUB/SUB channels live under {@code <prefix>.gf_live}, or
         * {@code gf_live} when empty (Grafana's rule). Letters, digits and {@code _ - . :}.
         */
        public Builder prefix(String prefix) {
            this.prefix = KeySpace.checkPrefix(requireNonNull(prefix, "prefix"));
            return this;
        }

        /** How long a presence entry lives unless refreshed. Default 60 s. */
        public Builder presenceTtl(Duration ttl) {
            this.presenceTtl = positive("presenceTtl", ttl);
            return this;
        }

        /** How long a cached frame lives after its last update. Default 7 days. */
        public Builder frameTtl(Duration ttl) {
            this.frameTtl = positive("frameTtl", ttl);
            return this;
        }

        /** TCP connect timeout, also how long {@link #build()} waits for the first connection. Default 2 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** Read timeout of a command. Default 2 s. */
        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = positive("socketTimeout", timeout);
            return this;
        }

        /** Reconnect backoff: first delay and cap (doubling, with jitter). Default 50 ms to 1 s. */
        public Builder reconnectBackoff(Duration min, Duration max) {
            this.backoffMin = positive("reconnectBackoff min", min);
            this.backoffMax = positive("reconnectBackoff max", max);
            if (max.compareTo(min) < 0) {
                throw new RedisConfigException("reconnectBackoff max " + max + " is below min " + min);
            }
            return this;
        }

        /** How often the PUB/SUB connection is pinged; three silent intervals drop it. Default 5 s. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = positive("pingInterval", interval);
            return this;
        }

        /** Pooled connections for presence and frame-cache calls (publishing uses one of them). Default 8. */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new RedisConfigException("maxConnections must be at least 1, got " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /** Publishes waiting for Redis beyond this fail with HubUnavailableException. Default 65,536. */
        public Builder publishQueueCapacity(int capacity) {
            if (capacity < 1) {
                throw new RedisConfigException("publishQueueCapacity must be at least 1, got " + capacity);
            }
            this.publishQueueCapacity = capacity;
            return this;
        }

        /** The most publications one channel's history keeps, whatever a publish asks. Default 1,000. */
        public Builder maxHistorySize(int publications) {
            if (publications < 1) {
                throw new RedisConfigException("maxHistorySize must be at least 1, got " + publications);
            }
            this.maxHistorySize = publications;
            return this;
        }

        /**
         * How long the meta hash a history read creates for a channel without history lives (so the
         * epoch a subscriber saw is the one the next publish uses). Default 5 minutes.
         */
        public Builder emptyHistoryTtl(Duration ttl) {
            this.emptyHistoryTtl = positive("emptyHistoryTtl", ttl);
            return this;
        }

        /**
         * Starts the hub: waits up to the connect timeout for the first connection, and returns
         * even if Redis cannot be reached (it keeps trying in the background; see the class doc).
         */
        public RedisHub build() {
            RedisAddress effective = password == null ? address : address.withPassword(password);
            this.address = effective;
            return new RedisHub(this).start(connectTimeout.plusSeconds(1));
        }

        private static Duration positive(String name, Duration d) {
            requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new RedisConfigException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
