package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Timings, limits and host hooks of the client protocol, shared by every {@link ClientSession}
 * of one endpoint. Immutable apart from the timer pool; build with {@link #builder()}.
 *
 * <p><b>Timers.</b> Sessions schedule their pings, pong deadlines and connect deadline on one
 * shared {@link ScheduledExecutorService}, never a thread per session. A scheduler passed to
 * {@link Builder#scheduler} belongs to the caller: the library never shuts it down. When none is
 * given, the settings create one daemon thread named {@code heliograph-protocol-timers} and own
 * it: {@link #close()} stops it (call it after the sessions are gone). Timer tasks also refresh
 * presence entries, which may wait on the engine's backend: give a busy node a pool of a few
 * threads.
 *
 * <p>Thread-safe.
 */
public final class ProtocolSettings implements AutoCloseable {

    private final Duration pingInterval;
    private final Duration pongTimeout;
    private final Duration connectTimeout;
    private final int outboundQueueBytes;
    private final int maxChannels;
    private final int messageSizeLimit;
    private final int maxMessagesPerFrame;
    private final int maxFrameBytes;
    private final String serverVersion;
    private final int commandsPerSecond;
    private final int commandBurst;
    private final int joinLeaveMaxMembers;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final Map<String, RpcMethod> rpcMethods;
    private final RefreshHandler refreshHandler;
    private final ClientSendHandler clientSendHandler;

    private ProtocolSettings(Builder b) {
        this.pingInterval = b.pingInterval;
        this.pongTimeout = b.pongTimeout;
        this.connectTimeout = b.connectTimeout;
        this.outboundQueueBytes = b.outboundQueueBytes;
        this.maxChannels = b.maxChannels;
        this.messageSizeLimit = b.messageSizeLimit;
        this.maxMessagesPerFrame = b.maxMessagesPerFrame;
        this.maxFrameBytes = b.maxFrameBytes;
        this.serverVersion = b.serverVersion;
        this.commandsPerSecond = b.commandsPerSecond;
        this.commandBurst = b.commandBurst;
        this.joinLeaveMaxMembers = b.joinLeaveMaxMembers;
        this.rpcMethods = Map.copyOf(b.rpcMethods);
        this.refreshHandler = b.refreshHandler;
        this.clientSendHandler = b.clientSendHandler;
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
            this.ownsScheduler = false;
        } else {
            this.scheduler = newDaemonScheduler();
            this.ownsScheduler = true;
        }
    }

    /** Settings with every default (and their own timer thread). */
    public static ProtocolSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How often the server pings an idle client (default 25 s); sent to the client in seconds. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** How long the client has to answer a ping (default 10 s) before close 3012. */
    public Duration pongTimeout() {
        return pongTimeout;
    }

    /** How long after the upgrade the client has to send connect (default 15 s) before close 3502. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Bytes waiting to be written to one client before it is closed with 3008 (default 1 MiB). */
    public int outboundQueueBytes() {
        return outboundQueueBytes;
    }

    /** Channels one connection may hold (default 128); one more is answered with error 106. */
    public int maxChannels() {
        return maxChannels;
    }

    /** The largest inbound message in UTF-8 bytes (default 65536; -1 unlimited); larger closes with 1009. */
    public int messageSizeLimit() {
        return messageSizeLimit;
    }

    /** The most messages joined into one outbound WebSocket frame (default 16). */
    public int maxMessagesPerFrame() {
        return maxMessagesPerFrame;
    }

    /** The largest joined outbound frame (default 64 KiB); a single larger message goes alone. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** The server version reported in the connect result (default "1.0.0"). */
    public String serverVersion() {
        return serverVersion;
    }

    /**
     * Commands one connection may send per second on average (default 100; -1 unlimited); a
     * command over the limit is answered with error 111 "too many requests" (temporary) and not
     * run. Pongs are not counted. Bursts up to {@link #commandBurst()} pass.
     */
    public int commandsPerSecond() {
        return commandsPerSecond;
    }

    /**
     * Commands one connection may send at once before the rate applies (default 300: a page
     * that reconnects and resubscribes to {@link #maxChannels()} channels in one batch passes).
     */
    public int commandBurst() {
        return commandBurst;
    }

    /**
     * Above this many subscribers of a channel on this node, joins and leaves are no longer
     * announced (presence stays exact; default 500, -1 always announce). Each join is pushed to
     * every member, so a crowd of N arriving costs N&sup2;/2 pushes: the limit caps that work at
     * about 125,000 pushes per crowd, and is counted in {@code LiveMetrics.joinLeaveSuppressed}.
     */
    public int joinLeaveMaxMembers() {
        return joinLeaveMaxMembers;
    }

    /** The timer pool sessions share. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The host's RPC methods by name. */
    public Map<String, RpcMethod> rpcMethods() {
        return rpcMethods;
    }

    /** The refresh hook, or null (refresh answers 108). */
    public RefreshHandler refreshHandler() {
        return refreshHandler;
    }

    /** The send hook, or null (send messages are ignored). */
    public ClientSendHandler clientSendHandler() {
        return clientSendHandler;
    }

    /** Stops the timer thread if these settings created it; a no-op for a caller's scheduler. Idempotent. */
    @Override
    public void close() {
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

    private static ScheduledExecutorService newDaemonScheduler() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "heliograph-protocol-timers-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    /** Builds {@link ProtocolSettings}; every option has a default. Not thread-safe. */
    public static final class Builder {
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration pongTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(15);
        private int outboundQueueBytes = 1 << 20;
        private int maxChannels = 128;
        private int messageSizeLimit = 65536;
        private int maxMessagesPerFrame = 16;
        private int maxFrameBytes = 64 * 1024;
        private String serverVersion = "1.0.0";
        private int commandsPerSecond = 100;
        private int commandBurst = 300;
        private int joinLeaveMaxMembers = 500;
        private ScheduledExecutorService scheduler;
        private final Map<String, RpcMethod> rpcMethods = new LinkedHashMap<>();
        private RefreshHandler refreshHandler;
        private ClientSendHandler clientSendHandler;

        private Builder() {}

        public Builder pingInterval(Duration value) {
            this.pingInterval = positive(value, "pingInterval");
            return this;
        }

        public Builder pongTimeout(Duration value) {
            this.pongTimeout = positive(value, "pongTimeout");
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        public Builder outboundQueueBytes(int value) {
            this.outboundQueueBytes = atLeast(value, 1024, "outboundQueueBytes");
            return this;
        }

        public Builder maxChannels(int value) {
            this.maxChannels = atLeast(value, 1, "maxChannels");
            return this;
        }

        /** The largest inbound message in bytes; -1 for unlimited. */
        public Builder messageSizeLimit(int value) {
            if (value != -1 && value < 64) {
                throw new IllegalArgumentException(
                        "messageSizeLimit must be -1 (unlimited) or at least 64 bytes, got " + value);
            }
            this.messageSizeLimit = value;
            return this;
        }

        public Builder maxMessagesPerFrame(int value) {
            this.maxMessagesPerFrame = atLeast(value, 1, "maxMessagesPerFrame");
            return this;
        }

        public Builder maxFrameBytes(int value) {
            this.maxFrameBytes = atLeast(value, 256, "maxFrameBytes");
            return this;
        }

        public Builder serverVersion(String value) {
            this.serverVersion = requireNonNull(value, "serverVersion");
            return this;
        }

        /**
         * The per-connection command rate: {@code perSecond} on average (-1 for unlimited), with
         * bursts of up to {@code burst} commands.
         */
        public Builder commandRateLimit(int perSecond, int burst) {
            if (perSecond != -1 && perSecond < 1) {
                throw new IllegalArgumentException("commandRateLimit perSecond must be -1 (unlimited) or at least 1, got "
                        + perSecond);
            }
            this.commandsPerSecond = perSecond;
            this.commandBurst = atLeast(burst, 1, "commandRateLimit burst");
            return this;
        }

        /** Subscribers of a channel on this node above which join/leave is not announced; -1 for always. */
        public Builder joinLeaveMaxMembers(int value) {
            if (value != -1 && value < 0) {
                throw new IllegalArgumentException("joinLeaveMaxMembers must be -1 (no limit) or at least 0, got " + value);
            }
            this.joinLeaveMaxMembers = value;
            return this;
        }

        /** A timer pool owned by the caller (never shut down by the library). */
        public Builder scheduler(ScheduledExecutorService value) {
            this.scheduler = requireNonNull(value, "scheduler");
            return this;
        }

        /** Registers an RPC method; a later registration under the same name replaces it. */
        public Builder rpcMethod(String name, RpcMethod method) {
            requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("rpc method name must not be empty");
            }
            rpcMethods.put(name, requireNonNull(method, "method"));
            return this;
        }

        public Builder refreshHandler(RefreshHandler value) {
            this.refreshHandler = requireNonNull(value, "refreshHandler");
            return this;
        }

        public Builder clientSendHandler(ClientSendHandler value) {
            this.clientSendHandler = requireNonNull(value, "clientSendHandler");
            return this;
        }

        public ProtocolSettings build() {
            if (pongTimeout.compareTo(pingInterval) >= 0) {
                throw new IllegalArgumentException("pongTimeout (" + pongTimeout
                        + ") must be shorter than pingInterval (" + pingInterval + ")");
            }
            return new ProtocolSettings(this);
        }

        private static Duration positive(Duration value, String name) {
            requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }

        private static int atLeast(int value, int min, String name) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
            }
            return value;
        }
    }
}
