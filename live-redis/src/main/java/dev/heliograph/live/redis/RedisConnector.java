package dev.heliograph.live.redis;

import dev.heliograph.live.LiveException;
import dev.heliograph.live.hub.HubUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import org.jspecify.annotations.Nullable;

/**
 * Finds the Redis master (directly, or by asking the sentinels), owns the pooled command client
 * for it, and tracks whether Redis is reachable. The listener thread is the only one that
 * (re)connects: when it has a working subscriber connection it calls {@link #markUp}, which
 * builds a fresh pool for the master it found (so no stale pooled socket survives a restart or a
 * failover). Any caller that loses a connection calls {@link #reportDown}; that drops the pool,
 * logs once per outage, and asks the listener to reconnect.
 *
 * <p>Thread-safe: the state changes are synchronized and rare; {@link #call} reads a volatile.
 */
final class RedisConnector implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisConnector.class.getName());
    private static final long STILL_DOWN_LOG_INTERVAL_NANOS = Duration.ofSeconds(30).toNanos();

    private final RedisAddress address;
    private final JedisClientConfig masterConfig;
    private final JedisClientConfig sentinelConfig;
    private final int maxConnections;
    private final Duration borrowTimeout;
    private final String nodeId;
    private volatile @Nullable RedisClient client;
    private volatile @Nullable HostAndPort master;
    private volatile String serverRunId = "";
    private volatile Runnable onDown = () -> {};
    private boolean everConnected;
    private long downSinceNanos = System.nanoTime();
    private long lastDownLogNanos;
    private boolean closed;

    RedisConnector(RedisAddress address, @Nullable String sentinelPassword, Duration connectTimeout, Duration socketTimeout,
            int maxConnections, String nodeId) {
        this.address = address;
        this.nodeId = nodeId;
        this.maxConnections = maxConnections;
        this.borrowTimeout = socketTimeout;
        DefaultJedisClientConfig.Builder master = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) connectTimeout.toMillis())
                .socketTimeoutMillis((int) socketTimeout.toMillis())
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .resp2()
                .clientName("heliograph-" + nodeId)
                .user(address.user())
                .password(address.password())
                .database(address.database());
        if (address instanceof RedisAddress.Standalone s && s.tls()) {
            master.ssl(true);
        }
        this.masterConfig = master.build();
        this.sentinelConfig = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) connectTimeout.toMillis())
                .socketTimeoutMillis((int) socketTimeout.toMillis())
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .resp2()
                .password(sentinelPassword)
                .build();
    }

    void onDown(Runnable action) {
        this.onDown = action;
    }

    RedisAddress address() {
        return address;
    }

    boolean isUp() {
        return client != null;
    }

    /** The master currently in use, or null before the first connection. */
    @Nullable HostAndPort master() {
        return master;
    }

    /**
     * Opens the listener's dedicated connection to the current master: resolves it (asking the
     * sentinels in order), connects, and checks it answers as a master.
     *
     * @throws JedisException if no master can be reached
     */
    Opened openListenerConnection() {
        HostAndPort target = resolveMaster();
        Jedis jedis = new Jedis(target, masterConfig);
        try {
            jedis.ping();
            if (address instanceof RedisAddress.Sentinel) {
                Object role = jedis.role().get(0);
                if (!"master".equals(role)) {
                    throw new JedisConnectionException("Sentinel named " + target + " as master, but it answers as "
                            + role + " (failover in progress?)");
                }
            }
            return new Opened(jedis, target, serverRunId(jedis));
        } catch (RuntimeException e) {
            jedis.close();
            throw e;
        }
    }

    /** A dedicated connection, the master it reached and that server process's run id. */
    record Opened(Jedis jedis, HostAndPort master, String runId) {}

    /**
     * The {@code run_id} of the Redis process behind {@code jedis} (random per process start; a
     * promoted replica has its own), or "" when {@code INFO} is refused (renamed command).
     */
    private String serverRunId(Jedis jedis) {
        try {
            for (String line : jedis.info("server").split("\r?\n")) {
                if (line.startsWith("run_id:")) {
                    return line.substring("run_id:".length()).trim();
                }
            }
        } catch (JedisDataException e) {
            LOG.log(Level.WARNING, "Redis engine (node " + nodeId + ") cannot read INFO server (" + e.getMessage()
                    + "): channel history cannot notice a Redis restart or failover that kept old keys");
        }
        return "";
    }

    /**
     * The run id of the Redis process the current pool was built for ("" before the first
     * connection or when unknown). History epochs are tied to it: see {@link RedisHistory}.
     */
    String serverRunId() {
        return serverRunId;
    }

    private HostAndPort resolveMaster() {
        if (address instanceof RedisAddress.Standalone s) {
            return new HostAndPort(s.endpoint().host(), s.endpoint().port());
        }
        RedisAddress.Sentinel sentinel = (RedisAddress.Sentinel) address;
        List<String> failures = new ArrayList<>();
        for (RedisAddress.Endpoint e : sentinel.sentinels()) {
            try (Jedis s = new Jedis(new HostAndPort(e.host(), e.port()), sentinelConfig)) {
                List<String> hostPort = s.sentinelGetMasterAddrByName(sentinel.masterName());
                if (hostPort != null && hostPort.size() == 2) {
                    return new HostAndPort(hostPort.get(0), Integer.parseInt(hostPort.get(1)));
                }
                failures.add(e + ": does not know master '" + sentinel.masterName() + "'");
            } catch (JedisException ex) {
                failures.add(e + ": " + ex.getMessage());
            }
        }
        throw new JedisConnectionException("no sentinel named a master for '" + sentinel.masterName() + "' ("
                + String.join("; ", failures) + ")");
    }

    /** The listener reached {@code master}: build a fresh pool for it and accept commands again. */
    synchronized void markUp(HostAndPort newMaster, String runId) {
        if (closed) {
            return;
        }
        serverRunId = runId;
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMinIdle(0);
        pool.setMaxWait(borrowTimeout);
        pool.setJmxEnabled(false);
        RedisClient old = client;
        client = RedisClient.builder().hostAndPort(newMaster).clientConfig(masterConfig).poolConfig(pool).build();
        HostAndPort previous = master;
        master = newMaster;
        closeQuietly(old);
        long downMillis = (System.nanoTime() - downSinceNanos) / 1_000_000;
        if (!everConnected) {
            LOG.log(Level.INFO, "Redis engine (node " + nodeId + ") connected to " + describe(newMaster));
        } else if (previous != null && !previous.equals(newMaster)) {
            LOG.log(Level.WARNING, "Redis engine (node " + nodeId + ") follows the new master " + newMaster
                    + " (was " + previous + ") after " + downMillis + " ms; channels resubscribed");
        } else {
            LOG.log(Level.WARNING, "Redis engine (node " + nodeId + ") reconnected to " + describe(newMaster)
                    + " after " + downMillis + " ms; channels resubscribed");
        }
        everConnected = true;
    }

    /**
     * A connection of {@code failed} (the pool in use, or null for the listener's own) broke.
     * Drops the pool if it is still the current one and asks the listener to reconnect.
     */
    void reportDown(@Nullable RedisClient failed, Exception cause) {
        boolean wasUp;
        synchronized (this) {
            if (failed != null && failed != client) {
                return; // an older pool; the current one may be fine
            }
            wasUp = client != null;
            if (wasUp) {
                closeQuietly(client);
                client = null;
                downSinceNanos = System.nanoTime();
                lastDownLogNanos = downSinceNanos;
            }
        }
        if (wasUp) {
            LOG.log(Level.ERROR, "Redis engine (node " + nodeId + ") lost Redis at " + describe(master) + ": "
                    + reason(cause) + ". Publishes fail with HubUnavailableException and cross-node delivery"
                    + " stops until it is back; local subscribers are kept and resubscribed on reconnect.");
            onDown.run();
        }
    }

    /** The listener could not (re)connect; logs loudly the first time, then every 30 s. */
    synchronized void reportUnreachable(Exception cause) {
        long now = System.nanoTime();
        if (!everConnected && lastDownLogNanos == 0) {
            LOG.log(Level.ERROR, "Redis engine (node " + nodeId + ") cannot reach Redis at " + address + ": "
                    + reason(cause) + ". The hub starts anyway: local subscribers and node-local stream output work,"
                    + " publishes fail with HubUnavailableException, and it keeps retrying in the background.");
            lastDownLogNanos = now;
        } else if (now - lastDownLogNanos >= STILL_DOWN_LOG_INTERVAL_NANOS) {
            LOG.log(Level.WARNING, "Redis engine (node " + nodeId + ") still cannot reach Redis at " + address
                    + " after " + (now - downSinceNanos) / 1_000_000_000 + " s: " + cause.getMessage());
            lastDownLogNanos = now;
        } else {
            LOG.log(Level.DEBUG, "Redis engine reconnect attempt failed: " + cause.getMessage());
        }
    }

    private static String reason(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    /** The current pool, or null while Redis is unreachable. */
    @Nullable RedisClient clientOrNull() {
        return client;
    }

    /**
     * Runs one command (or script) on a pooled connection.
     *
     * @throws HubUnavailableException when Redis is unreachable (now, or found so during the call)
     */
    <T> T call(String what, Function<UnifiedJedis, T> op) {
        RedisClient c = client;
        if (c == null) {
            throw unavailable(what, null);
        }
        try {
            return op.apply(c);
        } catch (JedisConnectionException e) {
            reportDown(c, e);
            throw unavailable(what, e);
        } catch (JedisDataException e) {
            if (isFailoverError(e)) {
                reportDown(c, e);
                throw unavailable(what, e);
            }
            throw new LiveException("Redis refused a command while " + what + ": " + e.getMessage(), e);
        } catch (JedisException e) {
            // e.g. every pooled connection busy for longer than the socket timeout: temporary
            throw new HubUnavailableException("Redis is busy while " + what + " (" + e.getMessage()
                    + "); raise maxConnections if this persists, or retry later", e);
        }
    }

    static boolean isFailoverError(JedisDataException e) {
        String m = e.getMessage();
        return m != null && (m.startsWith("READONLY") || m.startsWith("LOADING") || m.startsWith("MASTERDOWN"));
    }

    HubUnavailableException unavailable(String what, @Nullable Exception cause) {
        String msg = "Redis at " + describe(master) + " is unreachable while " + what
                + "; the engine reconnects in the background, retry later";
        return cause == null ? new HubUnavailableException(msg) : new HubUnavailableException(msg, cause);
    }

    private String describe(@Nullable HostAndPort m) {
        if (address instanceof RedisAddress.Sentinel s) {
            return "master '" + s.masterName() + "'" + (m == null ? "" : " at " + m);
        }
        return m == null ? address.toString() : m.toString();
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(client);
        client = null;
    }

    private static void closeQuietly(@Nullable RedisClient c) {
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "closing a Redis pool failed", e);
            }
        }
    }
}
