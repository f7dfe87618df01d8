package dev.heliograph.live.redis;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.EngineMetrics;
import dev.heliograph.live.hub.Publication;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import dev.heliograph.live.hub.HubUnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;
import org.jspecify.annotations.Nullable;

/**
 * The node's one Redis PUB/SUB connection, on its own thread: subscribes to a channel while this
 * node has a subscriber for it, decodes each message once and hands it to the node (through
 * the hub's attached listener). After a reconnect, each channel whose SUBSCRIBE Redis confirmed
 * again is reported to {@code resubscribed}: publications made while the connection was away
 * did not arrive, and the node may read them from history.
 * Jedis's {@code subscribe} blocks and ends when the connection breaks, so this class owns the
 * reconnect loop: exponential backoff with jitter, a fresh master lookup on each attempt
 * (Sentinel failover), and on success a re-SUBSCRIBE of every channel held.
 *
 * <p><b>Threads.</b> The listener thread reads and dispatches. SUBSCRIBE/UNSUBSCRIBE and PING are
 * written by the control thread (and by the listener thread right after connecting), always under
 * {@code lock}: Jedis's pub/sub writes are not thread-safe. {@link #want}/{@link #unwant} are
 * called from any thread, only update the wanted set and schedule a reconciliation, so they never
 * touch the network. The ping on the control thread detects a half-open connection: no pong for
 * three intervals and the socket is closed, which makes the loop reconnect.
 */
final class PubSubListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PubSubListener.class.getName());

    private final RedisConnector connector;
    private final String controlChannel;
    private final Consumer<Publication> dispatch;
    private final Consumer<OrgChannel> resubscribed;
    private final ScheduledExecutorService control;
    private final Duration backoffMin;
    private final Duration backoffMax;
    private final Duration pingInterval;
    private final Thread thread;
    private final ConcurrentHashMap<String, OrgChannel> wanted = new ConcurrentHashMap<>();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    /** Callers of {@link #whenListening} waiting for a channel's SUBSCRIBE to be confirmed. */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();
    private final AtomicBoolean syncScheduled = new AtomicBoolean();
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final Object lock = new Object();
    private @Nullable Listener active; // guarded by lock
    private @Nullable Jedis jedis; // guarded by lock
    private Set<String> requested = new HashSet<>(); // guarded by lock: SUBSCRIBEs sent on this connection
    private volatile long lastPongNanos;
    private final EngineMetrics metrics;
    private volatile long pingSentNanos; // 0 when no ping is out: the PUB/SUB lag probe
    /** Set by {@link #alsoListen} before start, else null; subscribed with the node's own channel. */
    private volatile @Nullable String broadcastChannel;
    private volatile Consumer<byte[]> broadcast = message -> {};
    private volatile boolean closed;
    private int connections; // listener thread only: connections opened so far

    PubSubListener(RedisConnector connector, String controlChannel, Consumer<Publication> dispatch,
            Consumer<OrgChannel> resubscribed, ScheduledExecutorService control, Duration backoffMin, Duration backoffMax, Duration pingInterval,
            String threadName, EngineMetrics metrics) {
        this.metrics = metrics;
        this.connector = connector;
        this.controlChannel = controlChannel;
        this.dispatch = dispatch;
        this.resubscribed = resubscribed;
        this.control = control;
        this.backoffMin = backoffMin;
        this.backoffMax = backoffMax;
        this.pingInterval = pingInterval;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /**
     * Also listens to {@code channel}, shared by all nodes, handing its messages to {@code handler}
     * on the listener thread. Called once, before {@link #start}.
     */
    void alsoListen(String channel, Consumer<byte[]> handler) {
        this.broadcastChannel = channel;
        this.broadcast = handler;
    }

    void start() {
        thread.start();
        long ping = pingInterval.toMillis();
        control.scheduleWithFixedDelay(this::pingOrDrop, ping, ping, TimeUnit.MILLISECONDS);
    }

    /** Waits until the first connection attempt succeeded or failed. */
    void awaitFirstAttempt(Duration timeout) throws InterruptedException {
        firstAttempt.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts listening to {@code redisChannel} (carrying {@code channel}). Never blocks. */
    void want(String redisChannel, OrgChannel channel) {
        wanted.put(redisChannel, channel);
        scheduleSync();
    }

    /** Stops listening to {@code redisChannel}. Never blocks. */
    void unwant(String redisChannel) {
        wanted.remove(redisChannel);
        scheduleSync();
    }

    /** True once Redis confirmed the SUBSCRIBE on the current connection. */
    boolean isListening(String redisChannel) {
        return confirmed.contains(redisChannel);
    }

    /**
     * Completes once Redis confirmed the SUBSCRIBE of {@code redisChannel} (at once when it
     * already did), or exceptionally with {@link HubUnavailableException} after {@code timeout}
     * or when the listener closes. Never blocks; completes on the listener thread.
     */
    CompletableFuture<Void> whenListening(String redisChannel, Duration timeout) {
        if (confirmed.contains(redisChannel)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> waiter = waiters.computeIfAbsent(redisChannel, k -> new CompletableFuture<>());
        if (confirmed.contains(redisChannel) || closed) { // confirmed (or closed) between the two looks
            releaseWaiter(redisChannel);
        }
        CompletableFuture<Void> bounded = new CompletableFuture<>();
        waiter.whenComplete((ok, failure) -> {
            if (failure != null) {
                bounded.completeExceptionally(failure);
            } else {
                bounded.complete(null);
            }
        });
        control.schedule(() -> bounded.completeExceptionally(new HubUnavailableException(
                "Redis did not confirm the subscription to " + redisChannel + " within " + timeout.toMillis() + " ms")),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        return bounded;
    }

    private void releaseWaiter(String redisChannel) {
        CompletableFuture<Void> waiter = waiters.remove(redisChannel);
        if (waiter == null) {
            return;
        }
        if (closed) {
            waiter.completeExceptionally(new HubUnavailableException("the Redis engine is closed"));
        } else {
            waiter.complete(null);
        }
    }

    /** Closes the current connection so the loop reconnects (called when another connection broke). */
    void dropConnection() {
        synchronized (lock) {
            if (jedis != null) {
                jedis.disconnect();
            }
        }
    }

    private void scheduleSync() {
        if (syncScheduled.compareAndSet(false, true)) {
            try {
                control.execute(this::sync);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                syncScheduled.set(false); // closing
            }
        }
    }

    /** Sends the SUBSCRIBE/UNSUBSCRIBE that make Redis match the wanted set, batched in one command each. */
    private void sync() {
        syncScheduled.set(false);
        synchronized (lock) {
            if (active == null) {
                return; // the next connection subscribes to the whole wanted set
            }
            List<byte[]> add = new ArrayList<>();
            List<byte[]> remove = new ArrayList<>();
            for (String name : wanted.keySet()) {
                if (requested.add(name)) {
                    add.add(KeySpace.bytes(name));
                }
            }
            for (Iterator<String> it = requested.iterator(); it.hasNext(); ) {
                String name = it.next();
                if (!wanted.containsKey(name) && !name.equals(controlChannel)) {
                    it.remove();
                    remove.add(KeySpace.bytes(name));
                }
            }
            try {
                if (!add.isEmpty()) {
                    active.subscribe(add.toArray(new byte[0][]));
                }
                if (!remove.isEmpty()) {
                    active.unsubscribe(remove.toArray(new byte[0][]));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "SUBSCRIBE/UNSUBSCRIBE failed; the listener reconnects", e);
                requireNonNull(jedis, "set with active").disconnect();
            }
        }
    }

    private void pingOrDrop() {
        try {
            pingOrDropLocked();
        } catch (RuntimeException e) {
            // a periodic task that throws is cancelled for good: log and keep the schedule alive
            LOG.log(Level.WARNING, "Redis PUB/SUB liveness check failed; will check again", e);
        }
    }

    private void pingOrDropLocked() {
        synchronized (lock) {
            if (active == null) {
                return;
            }
            if (System.nanoTime() - lastPongNanos > 3 * pingInterval.toNanos()) {
                LOG.log(Level.WARNING, "Redis PUB/SUB connection silent for " + 3 * pingInterval.toMillis()
                        + " ms; reconnecting");
                requireNonNull(jedis, "set with active").disconnect();
                return;
            }
            try {
                if (pingSentNanos == 0) {
                    pingSentNanos = System.nanoTime();
                }
                active.ping();
            } catch (RuntimeException e) {
                requireNonNull(jedis, "set with active").disconnect();
            }
        }
    }

    private void run() {
        long delay = 0;
        while (!closed) {
            RedisConnector.Opened opened = null;
            try {
                opened = connector.openListenerConnection();
                Listener listener = new Listener(opened, ++connections > 1);
                synchronized (lock) {
                    if (closed) {
                        break;
                    }
                    jedis = opened.jedis();
                    requested = new HashSet<>();
                    requested.add(controlChannel);
                }
                String shared = broadcastChannel;
                if (shared == null) {
                    opened.jedis().subscribe(listener, KeySpace.bytes(controlChannel));
                } else {
                    opened.jedis().subscribe(listener, KeySpace.bytes(controlChannel), KeySpace.bytes(shared));
                }
                delay = 0; // ran until the connection broke: retry at once
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                if (opened != null && connector.isUp()) {
                    connector.reportDown(null, e);
                } else {
                    connector.reportUnreachable(e);
                }
            } finally {
                synchronized (lock) {
                    active = null;
                    jedis = null;
                    confirmed.clear();
                }
                pingSentNanos = 0; // a ping lost with the connection is no lag sample
                if (opened != null) {
                    opened.jedis().close();
                }
                firstAttempt.countDown();
            }
            if (!closed) {
                if (connector.isUp()) {
                    // The connection broke while the pool still looked fine.
                    connector.reportDown(null, new IllegalStateException("PUB/SUB connection closed"));
                }
                delay = delay == 0 ? backoffMin.toMillis() : Math.min(delay * 2, backoffMax.toMillis());
                sleep(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
            }
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        for (String waiting : List.copyOf(waiters.keySet())) {
            releaseWaiter(waiting);
        }
        synchronized (lock) {
            if (active != null) {
                try {
                    active.unsubscribe();
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "UNSUBSCRIBE on close failed", e);
                }
            }
            if (jedis != null) {
                jedis.disconnect();
            }
        }
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(Level.WARNING, "Redis listener thread did not stop within 2 s; left as a daemon");
        }
    }

    private final class Listener extends BinaryJedisPubSub {
        private final RedisConnector.Opened opened;
        private final boolean afterLoss;

        Listener(RedisConnector.Opened opened, boolean afterLoss) {
            this.opened = opened;
            this.afterLoss = afterLoss;
        }

        @Override
        public void onSubscribe(byte[] channel, int subscribedChannels) {
            String name = KeySpace.string(channel);
            if (name.equals(controlChannel)) {
                lastPongNanos = System.nanoTime();
                synchronized (lock) {
                    active = this;
                }
                connector.markUp(opened.master(), opened.runId());
                if (afterLoss) {
                    metrics.recordReconnect();
                }
                firstAttempt.countDown();
                sync();
            } else {
                confirmed.add(name);
                releaseWaiter(name);
                OrgChannel target = wanted.get(name);
                if (afterLoss && target != null) {
                    try {
                        resubscribed.accept(target);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "handling the resubscribe of " + target + " failed", e);
                    }
                }
            }
        }

        @Override
        public void onUnsubscribe(byte[] channel, int subscribedChannels) {
            confirmed.remove(KeySpace.string(channel));
        }

        @Override
        public void onPong(byte[] pattern) {
            long now = System.nanoTime();
            lastPongNanos = now;
            long sent = pingSentNanos;
            if (sent != 0) {
                // the pong came back behind every message Redis had queued for this connection
                metrics.recordLag(now - sent);
                pingSentNanos = 0;
            }
        }

        @Override
        public void onMessage(byte[] channel, byte[] message) {
            lastPongNanos = System.nanoTime();
            String name = KeySpace.string(channel);
            if (name.equals(broadcastChannel)) {
                try {
                    broadcast.accept(message);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "handling a control message failed", e);
                }
                return;
            }
            OrgChannel target = wanted.get(name);
            if (target == null) {
                return; // unsubscribed meanwhile
            }
            Publication p;
            try {
                p = MessageCodec.decode(target, message);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "skipped a malformed message on Redis channel " + KeySpace.string(channel)
                        + ": " + e.getMessage() + " (is another program publishing to it?)");
                return;
            }
            dispatch.accept(p);
        }
    }
}
