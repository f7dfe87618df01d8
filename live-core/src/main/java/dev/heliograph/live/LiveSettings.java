package dev.heliograph.live;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Every setting of a node and its endpoints, in one immutable value: Grafana's {@code [live]}
 * keys, {@code [server] root_url}, and the few knobs Grafana hard-codes (pings, queue and rate
 * limits, push limits, timeouts). Each knob lives here and nowhere else: the WebSocket endpoint,
 * the HTTP API, the push endpoints and every client session read the same value.
 *
 * <p>Built by the host with {@link #builder()} or from text with {@link #fromMap} (Grafana's key
 * names, e.g. an ini section or Spring properties), handed to {@link LiveNode.Builder#settings},
 * and read by the adapters through {@link LiveNode#settings()}. Owns no thread and needs no
 * closing: the node owns the timers. Thread-safe (immutable).
 *
 * <table>
 *   <caption>Keys accepted by {@link #fromMap} and {@link Builder#set}</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code max_connections}</td><td>100</td><td>open WebSocket connections per node; -1 unlimited, 0 disables Live (Grafana)</td></tr>
 *   <tr><td>{@code allowed_origins}</td><td>empty</td><td>comma list of origin globs allowed besides the server's own (Grafana)</td></tr>
 *   <tr><td>{@code message_size_limit}</td><td>65536</td><td>largest inbound client message in bytes; -1 unlimited (Grafana)</td></tr>
 *   <tr><td>{@code ha_engine}</td><td>empty</td><td>empty for the in-memory engine, {@code redis} for Redis (needs {@code dev.heliograph:live-redis}) (Grafana)</td></tr>
 *   <tr><td>{@code ha_engine_address}</td><td>{@code 127.0.0.1:6379}</td><td>the engine's address (Grafana)</td></tr>
 *   <tr><td>{@code ha_engine_password}</td><td>empty</td><td>the engine's password (Grafana)</td></tr>
 *   <tr><td>{@code ha_prefix}</td><td>empty</td><td>prefix of the engine's keys and channels (Grafana)</td></tr>
 *   <tr><td>{@code root_url}</td><td>none</td><td>the public URL browsers use, for the Origin check (Grafana's {@code [server]})</td></tr>
 *   <tr><td>{@code ping_interval}</td><td>25s</td><td>protocol ping to idle clients, also WebSocket pings on push sockets</td></tr>
 *   <tr><td>{@code pong_timeout}</td><td>10s</td><td>time to answer a ping; shorter than the interval</td></tr>
 *   <tr><td>{@code connect_timeout}</td><td>15s</td><td>time after the upgrade to send connect</td></tr>
 *   <tr><td>{@code idle_timeout}</td><td>2m</td><td>the container's idle timeout of a WebSocket</td></tr>
 *   <tr><td>{@code body_timeout}</td><td>10s</td><td>time for a publish body to arrive</td></tr>
 *   <tr><td>{@code shutdown_timeout}</td><td>10s</td><td>time clients get to take their 3001 close</td></tr>
 *   <tr><td>{@code token_expiry_grace}</td><td>25s</td><td>time after a token's expiry before an unrefreshed
 *       connection closes (3005) or subscription ends (2501)</td></tr>
 *   <tr><td>{@code outbound_queue_bytes}</td><td>1048576</td><td>bytes queued for one client before 3008</td></tr>
 *   <tr><td>{@code max_channels}</td><td>128</td><td>channels per connection</td></tr>
 *   <tr><td>{@code max_messages_per_frame}</td><td>16</td><td>messages joined into one outbound frame</td></tr>
 *   <tr><td>{@code max_frame_bytes}</td><td>65536</td><td>largest joined outbound frame</td></tr>
 *   <tr><td>{@code fanout_parallel_threshold}</td><td>512</td><td>subscribers on one channel from which a publication
 *       is fanned out in parallel, one lane per core, instead of on the publisher's thread; 0 never</td></tr>
 *   <tr><td>{@code command_rate_limit}</td><td>100</td><td>commands per second per connection; -1 unlimited</td></tr>
 *   <tr><td>{@code command_burst}</td><td>300</td><td>commands at once before the rate applies</td></tr>
 *   <tr><td>{@code join_leave_max_members}</td><td>500</td><td>channel size above which join/leave is not announced; -1 always</td></tr>
 *   <tr><td>{@code push_body_limit}</td><td>10485760</td><td>largest HTTP line-protocol body; -1 unlimited</td></tr>
 *   <tr><td>{@code push_body_timeout}</td><td>10s</td><td>time for a push body to arrive</td></tr>
 *   <tr><td>{@code push_message_limit}</td><td>1048576</td><td>largest push WebSocket message; -1 unlimited</td></tr>
 *   <tr><td>{@code push_http_min_role}</td><td>viewer</td><td>least role that may POST line protocol</td></tr>
 *   <tr><td>{@code websocket_path}</td><td>{@code /api/live/ws}</td><td>where the WebSocket endpoint is mapped</td></tr>
 *   <tr><td>{@code http_api_path}</td><td>{@code /api/live}</td><td>prefix of publish, list and push</td></tr>
 * </table>
 *
 * <p>Durations are written {@code 500ms}, {@code 25s}, {@code 2m}, {@code 1h} or ISO-8601
 * ({@code PT25S}).
 */
public final class LiveSettings {

    /** Value of the limits meaning "no limit". */
    public static final int UNLIMITED = -1;
    /** Grafana's default {@code max_connections}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 100;
    /** Grafana's default {@code message_size_limit}, in bytes. */
    public static final int DEFAULT_MESSAGE_SIZE_LIMIT = 65536;
    /** {@code ha_engine} naming the Redis engine. */
    public static final String REDIS_ENGINE = "redis";

    private static final LiveSettings DEFAULTS = builder().build();

    private final int maxConnections;
    private final List<String> allowedOrigins;
    private final int messageSizeLimit;
    private final String haEngine;
    private final String haEngineAddress;
    private final String haEnginePassword;
    private final String haPrefix;
    private final @Nullable URI rootUrl;
    private final Duration pingInterval;
    private final Duration pongTimeout;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final Duration bodyTimeout;
    private final Duration shutdownTimeout;
    private final Duration tokenExpiryGrace;
    private final int outboundQueueBytes;
    private final int maxChannels;
    private final int maxMessagesPerFrame;
    private final int maxFrameBytes;
    private final int fanoutParallelThreshold;
    private final int commandsPerSecond;
    private final int commandBurst;
    private final int joinLeaveMaxMembers;
    private final int pushBodyLimit;
    private final Duration pushBodyTimeout;
    private final int pushMessageLimit;
    private final LiveUser.Role pushHttpMinimumRole;
    private final String webSocketPath;
    private final String httpApiPath;
    private final String serverVersion;

    private LiveSettings(Builder b) {
        this.maxConnections = b.maxConnections;
        this.allowedOrigins = List.copyOf(b.allowedOrigins);
        this.messageSizeLimit = b.messageSizeLimit;
        this.haEngine = b.haEngine;
        this.haEngineAddress = b.haEngineAddress;
        this.haEnginePassword = b.haEnginePassword;
        this.haPrefix = b.haPrefix;
        this.rootUrl = b.rootUrl;
        this.pingInterval = b.pingInterval;
        this.pongTimeout = b.pongTimeout;
        this.connectTimeout = b.connectTimeout;
        this.idleTimeout = b.idleTimeout;
        this.bodyTimeout = b.bodyTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.tokenExpiryGrace = b.tokenExpiryGrace;
        this.outboundQueueBytes = b.outboundQueueBytes;
        this.maxChannels = b.maxChannels;
        this.maxMessagesPerFrame = b.maxMessagesPerFrame;
        this.maxFrameBytes = b.maxFrameBytes;
        this.fanoutParallelThreshold = b.fanoutParallelThreshold;
        this.commandsPerSecond = b.commandsPerSecond;
        this.commandBurst = b.commandBurst;
        this.joinLeaveMaxMembers = b.joinLeaveMaxMembers;
        this.pushBodyLimit = b.pushBodyLimit;
        this.pushBodyTimeout = b.pushBodyTimeout;
        this.pushMessageLimit = b.pushMessageLimit;
        this.pushHttpMinimumRole = b.pushHttpMinimumRole;
        this.webSocketPath = b.webSocketPath;
        this.httpApiPath = b.httpApiPath;
        this.serverVersion = b.serverVersion;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every default (the table in the class Javadoc). */
    public static LiveSettings defaults() {
        return DEFAULTS;
    }

    /**
     * Settings from text values under the keys of the class Javadoc's table (Grafana's names for
     * Grafana's keys); keys not given keep their defaults.
     *
     * @throws IllegalArgumentException naming every unknown key (and the known ones), or the
     *     first bad value with its key and the accepted form
     */
    public static LiveSettings fromMap(Map<String, String> values) {
        requireNonNull(values, "values");
        TreeSet<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(Builder.KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown [live] setting" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown) + "; known: " + String.join(", ", Builder.KEYS));
        }
        Builder b = builder();
        values.forEach(b::set);
        return b.build();
    }

    /** {@code max_connections}: most open WebSocket connections on this node; {@link #UNLIMITED}; 0 disables Live. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Whether Live is turned off ({@code max_connections = 0}). */
    public boolean liveDisabled() {
        return maxConnections == 0;
    }

    /** {@code allowed_origins}: lower-cased origin globs ({@code *} matches any run of characters). */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /**
     * {@code message_size_limit}: the largest inbound client message in UTF-8 bytes, or
     * {@link #UNLIMITED}; a larger one closes the connection with 1009. Also the largest
     * {@code POST <prefix>/publish} body.
     */
    public int messageSizeLimit() {
        return messageSizeLimit;
    }

    /** {@code ha_engine}: empty for the in-memory engine, else the engine's name ({@value #REDIS_ENGINE}). */
    public String haEngine() {
        return haEngine;
    }

    /** {@code ha_engine_address}: host:port, {@code redis://}, {@code rediss://} or {@code sentinel://} address. */
    public String haEngineAddress() {
        return haEngineAddress;
    }

    /** {@code ha_engine_password}; empty for none. */
    public String haEnginePassword() {
        return haEnginePassword;
    }

    /** {@code ha_prefix}: prefix of the engine's keys and channels; empty for the engine's default. */
    public String haPrefix() {
        return haPrefix;
    }

    /** {@code [server] root_url}: the public URL browsers use, if configured. */
    public Optional<URI> rootUrl() {
        return Optional.ofNullable(rootUrl);
    }

    /** {@code ping_interval}: how often idle clients and push sockets are pinged. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** {@code pong_timeout}: how long a client has to answer a ping (then 3012, or 1001 on push sockets). */
    public Duration pongTimeout() {
        return pongTimeout;
    }

    /** {@code connect_timeout}: how long after the upgrade the client has to send connect (then 3502). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * {@code idle_timeout}: the container's idle timeout for a WebSocket; keep it longer than
     * ping interval plus pong timeout: the protocol detects dead peers, this is the backstop.
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * {@code body_timeout}: how long a {@code POST <prefix>/publish} may take to send its body
     * once its headers arrived (then 408); also bounds the wait for the engine's answer (503).
     */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /** {@code shutdown_timeout}: how long {@link LiveNode#close()} gives clients to take their 3001 close. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * {@code token_expiry_grace}: how long after a token's expiry an unrefreshed connection is
     * closed (3005) or subscription ended (unsubscribe 2501). Clients refresh right at the expiry,
     * so their refresh needs time to arrive (default 25 s, as Centrifugo's
     * {@code client_expired_close_delay}). Used only with a token verifier.
     */
    public Duration tokenExpiryGrace() {
        return tokenExpiryGrace;
    }

    /** {@code outbound_queue_bytes}: bytes waiting for one client before it is closed with 3008. */
    public int outboundQueueBytes() {
        return outboundQueueBytes;
    }

    /** {@code max_channels}: channels one connection may hold; one more is answered with error 106. */
    public int maxChannels() {
        return maxChannels;
    }

    /** {@code max_messages_per_frame}: the most messages joined into one outbound WebSocket frame. */
    public int maxMessagesPerFrame() {
        return maxMessagesPerFrame;
    }

    /**
     * {@code fanout_parallel_threshold}: subscribers on one channel of this node from which a
     * publication is fanned out in parallel (one lane per core) and the publisher no longer waits
     * for the whole fan-out; 0 fans out every channel on the publisher's thread. See
     * {@link dev.heliograph.live.hub.LocalFanOut}.
     */
    public int fanoutParallelThreshold() {
        return fanoutParallelThreshold;
    }

    /** {@code max_frame_bytes}: the largest joined outbound frame; a single larger message goes alone. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * {@code command_rate_limit}: commands one connection may send per second on average, or
     * {@link #UNLIMITED}; over it a command is answered with error 111 and not run. Pongs do not count.
     */
    public int commandsPerSecond() {
        return commandsPerSecond;
    }

    /** {@code command_burst}: commands one connection may send at once before the rate applies. */
    public int commandBurst() {
        return commandBurst;
    }

    /**
     * {@code join_leave_max_members}: above this many subscribers of a channel on this node,
     * joins and leaves are no longer announced (presence stays exact); -1 always announces.
     */
    public int joinLeaveMaxMembers() {
        return joinLeaveMaxMembers;
    }

    /** {@code push_body_limit}: the largest HTTP line-protocol body (then 413), or {@link #UNLIMITED}. */
    public int pushBodyLimit() {
        return pushBodyLimit;
    }

    /** {@code push_body_timeout}: how long a push body may take to arrive (then 408). */
    public Duration pushBodyTimeout() {
        return pushBodyTimeout;
    }

    /** {@code push_message_limit}: the largest push WebSocket message (then 1009), or {@link #UNLIMITED}. */
    public int pushMessageLimit() {
        return pushMessageLimit;
    }

    /** {@code push_http_min_role}: the least role that may POST line protocol; the WebSocket always needs admin. */
    public LiveUser.Role pushHttpMinimumRole() {
        return pushHttpMinimumRole;
    }

    /** {@code websocket_path}: where the WebSocket endpoint is mapped. */
    public String webSocketPath() {
        return webSocketPath;
    }

    /** {@code http_api_path}: the prefix of {@code /publish}, {@code /list} and {@code /push/*}. */
    public String httpApiPath() {
        return httpApiPath;
    }

    /** {@code server_version}: reported in the connect result. */
    public String serverVersion() {
        return serverVersion;
    }

    /** The settings with their key names; the engine password is masked. */
    @Override
    public String toString() {
        return "LiveSettings[max_connections=" + maxConnections + ", allowed_origins=" + String.join(",", allowedOrigins)
                + ", message_size_limit=" + messageSizeLimit + ", ha_engine=" + haEngine
                + (haEngine.isEmpty() ? "" : ", ha_engine_address=" + haEngineAddress
                        + ", ha_engine_password=" + (haEnginePassword.isEmpty() ? "" : "***") + ", ha_prefix=" + haPrefix)
                + ", root_url=" + (rootUrl == null ? "" : rootUrl) + ", ping_interval=" + pingInterval
                + ", pong_timeout=" + pongTimeout + ", websocket_path=" + webSocketPath + ", http_api_path=" + httpApiPath + "]";
    }

    /** Builds {@link LiveSettings}; each setter validates and names the key it rejects. Not thread-safe. */
    public static final class Builder {
        static final List<String> KEYS = List.of("allowed_origins", "body_timeout", "command_burst",
                "command_rate_limit", "connect_timeout", "fanout_parallel_threshold", "ha_engine", "ha_engine_address", "ha_engine_password",
                "ha_prefix", "http_api_path", "idle_timeout", "join_leave_max_members", "max_channels",
                "max_connections", "max_frame_bytes", "max_messages_per_frame", "message_size_limit",
                "outbound_queue_bytes", "ping_interval", "pong_timeout", "push_body_limit", "push_body_timeout",
                "push_http_min_role", "push_message_limit", "root_url", "server_version", "shutdown_timeout",
                "token_expiry_grace", "websocket_path");

        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private final List<String> allowedOrigins = new ArrayList<>();
        private int messageSizeLimit = DEFAULT_MESSAGE_SIZE_LIMIT;
        private String haEngine = "";
        private String haEngineAddress = "127.0.0.1:6379";
        private String haEnginePassword = "";
        private String haPrefix = "";
        private @Nullable URI rootUrl;
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration pongTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(15);
        private Duration idleTimeout = Duration.ofMinutes(2);
        private Duration bodyTimeout = Duration.ofSeconds(10);
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private Duration tokenExpiryGrace = Duration.ofSeconds(25);
        private int outboundQueueBytes = 1 << 20;
        private int maxChannels = 128;
        private int maxMessagesPerFrame = 16;
        private int maxFrameBytes = 64 * 1024;
        private int fanoutParallelThreshold = dev.heliograph.live.hub.LocalFanOut.DEFAULT_PARALLEL_THRESHOLD;
        private int commandsPerSecond = 100;
        private int commandBurst = 300;
        private int joinLeaveMaxMembers = 500;
        private int pushBodyLimit = 10 * 1024 * 1024;
        private Duration pushBodyTimeout = Duration.ofSeconds(10);
        private int pushMessageLimit = 1024 * 1024;
        private LiveUser.Role pushHttpMinimumRole = LiveUser.Role.VIEWER;
        private String webSocketPath = "/api/live/ws";
        private String httpApiPath = "/api/live";
        private String serverVersion = "1.0.0";

        private Builder() {}

        /** {@code max_connections}: a positive number, {@link #UNLIMITED} (-1), or 0 to disable Live. */
        public Builder maxConnections(int value) {
            if (value < UNLIMITED) {
                throw new IllegalArgumentException("[live] max_connections must be -1 (unlimited), 0 (Live disabled)"
                        + " or a positive number, got " + value);
            }
            this.maxConnections = value;
            return this;
        }

        /** {@code allowed_origins}: origin globs such as {@code https://*.example.com}; {@code *} allows all. */
        public Builder allowedOrigins(List<String> origins) {
            requireNonNull(origins, "origins");
            allowedOrigins.clear();
            for (String o : origins) {
                String trimmed = requireNonNull(o, "origin").trim().toLowerCase(Locale.ROOT);
                if (!trimmed.isEmpty()) {
                    allowedOrigins.add(trimmed);
                }
            }
            return this;
        }

        /** {@code allowed_origins} as Grafana writes it: a comma-separated list. */
        public Builder allowedOrigins(String commaSeparated) {
            return allowedOrigins(List.of(requireNonNull(commaSeparated, "commaSeparated").split(",")));
        }

        /** {@code message_size_limit}: a positive number of bytes, or {@link #UNLIMITED}. */
        public Builder messageSizeLimit(int bytes) {
            this.messageSizeLimit = limit("message_size_limit", bytes);
            return this;
        }

        /** {@code ha_engine}: empty (in-memory) or {@value #REDIS_ENGINE}; checked when the node is built. */
        public Builder haEngine(String engine) {
            this.haEngine = requireNonNull(engine, "haEngine").trim().toLowerCase(Locale.ROOT);
            return this;
        }

        /** {@code ha_engine_address}; the engine checks its form when the node is built. */
        public Builder haEngineAddress(String address) {
            String a = requireNonNull(address, "haEngineAddress").trim();
            if (a.isEmpty()) {
                throw new IllegalArgumentException("[live] ha_engine_address must not be empty;"
                        + " expected e.g. 127.0.0.1:6379 or redis://host:6379");
            }
            this.haEngineAddress = a;
            return this;
        }

        /** {@code ha_engine_password}; empty for none. */
        public Builder haEnginePassword(String password) {
            this.haEnginePassword = requireNonNull(password, "haEnginePassword");
            return this;
        }

        /** {@code ha_prefix}; empty for the engine's default. */
        public Builder haPrefix(String prefix) {
            this.haPrefix = requireNonNull(prefix, "haPrefix").trim();
            return this;
        }

        /** {@code root_url}: e.g. {@code https://live.example.com/}; null or blank for none. */
        public Builder rootUrl(@Nullable String url) {
            if (url == null || url.isBlank()) {
                this.rootUrl = null;
                return this;
            }
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("root_url '" + url + "' is not a URL: " + e.getMessage()
                        + "; expected e.g. https://live.example.com/", e);
            }
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("root_url '" + url
                        + "' needs an http or https scheme and a host, e.g. https://live.example.com/");
            }
            this.rootUrl = uri;
            return this;
        }

        /** {@code ping_interval}; positive, longer than the pong timeout (checked in {@link #build}). */
        public Builder pingInterval(Duration value) {
            this.pingInterval = positive("ping_interval", value);
            return this;
        }

        /** {@code pong_timeout}; positive, shorter than the ping interval (checked in {@link #build}). */
        public Builder pongTimeout(Duration value) {
            this.pongTimeout = positive("pong_timeout", value);
            return this;
        }

        /** {@code connect_timeout}; positive. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive("connect_timeout", value);
            return this;
        }

        /** {@code idle_timeout}; positive. */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = positive("idle_timeout", value);
            return this;
        }

        /** {@code body_timeout}; positive. */
        public Builder bodyTimeout(Duration value) {
            this.bodyTimeout = positive("body_timeout", value);
            return this;
        }

        /** {@code token_expiry_grace}; zero (close right at the expiry) or positive. */
        public Builder tokenExpiryGrace(Duration value) {
            requireNonNull(value, "token_expiry_grace");
            if (value.isNegative()) {
                throw new IllegalArgumentException("[live] token_expiry_grace must not be negative, got " + value);
            }
            this.tokenExpiryGrace = value;
            return this;
        }

        /** {@code shutdown_timeout}; zero or positive. */
        public Builder shutdownTimeout(Duration value) {
            requireNonNull(value, "shutdown_timeout");
            if (value.isNegative()) {
                throw new IllegalArgumentException("[live] shutdown_timeout must not be negative, got " + value);
            }
            this.shutdownTimeout = value;
            return this;
        }

        /** {@code outbound_queue_bytes}; at least 1024. */
        public Builder outboundQueueBytes(int value) {
            this.outboundQueueBytes = atLeast("outbound_queue_bytes", value, 1024);
            return this;
        }

        /** {@code max_channels}; at least 1. */
        public Builder maxChannels(int value) {
            this.maxChannels = atLeast("max_channels", value, 1);
            return this;
        }

        /** {@code max_messages_per_frame}; at least 1. */
        public Builder maxMessagesPerFrame(int value) {
            this.maxMessagesPerFrame = atLeast("max_messages_per_frame", value, 1);
            return this;
        }

        /** {@code fanout_parallel_threshold}; 0 (never in parallel) or more. */
        public Builder fanoutParallelThreshold(int value) {
            this.fanoutParallelThreshold = atLeast("fanout_parallel_threshold", value, 0);
            return this;
        }

        /** {@code max_frame_bytes}; at least 256. */
        public Builder maxFrameBytes(int value) {
            this.maxFrameBytes = atLeast("max_frame_bytes", value, 256);
            return this;
        }

        /** {@code command_rate_limit} and {@code command_burst}: {@code perSecond} on average (-1 unlimited), bursts up to {@code burst}. */
        public Builder commandRateLimit(int perSecond, int burst) {
            if (perSecond != UNLIMITED && perSecond < 1) {
                throw new IllegalArgumentException("[live] command_rate_limit must be -1 (unlimited) or at least 1, got "
                        + perSecond);
            }
            this.commandsPerSecond = perSecond;
            this.commandBurst = atLeast("command_burst", burst, 1);
            return this;
        }

        /** {@code join_leave_max_members}: -1 (always announce) or at least 0. */
        public Builder joinLeaveMaxMembers(int value) {
            if (value < UNLIMITED) {
                throw new IllegalArgumentException("[live] join_leave_max_members must be -1 (no limit) or at least 0, got "
                        + value);
            }
            this.joinLeaveMaxMembers = value;
            return this;
        }

        /** {@code push_body_limit}: positive bytes or {@link #UNLIMITED}. */
        public Builder pushBodyLimit(int bytes) {
            this.pushBodyLimit = limit("push_body_limit", bytes);
            return this;
        }

        /** {@code push_body_timeout}; positive. */
        public Builder pushBodyTimeout(Duration value) {
            this.pushBodyTimeout = positive("push_body_timeout", value);
            return this;
        }

        /** {@code push_message_limit}: positive bytes or {@link #UNLIMITED}. */
        public Builder pushMessageLimit(int bytes) {
            this.pushMessageLimit = limit("push_message_limit", bytes);
            return this;
        }

        /** {@code push_http_min_role}: default {@code VIEWER} (any signed-in user, as in Grafana). */
        public Builder pushHttpMinimumRole(LiveUser.Role role) {
            this.pushHttpMinimumRole = requireNonNull(role, "role");
            return this;
        }

        /** {@code websocket_path}: must start with {@code /}. */
        public Builder webSocketPath(String path) {
            this.webSocketPath = path("websocket_path", path);
            return this;
        }

        /** {@code http_api_path}: must start with {@code /}; a trailing {@code /} is dropped. */
        public Builder httpApiPath(String path) {
            String p = path("http_api_path", path);
            if (p.length() > 1 && p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            this.httpApiPath = p;
            return this;
        }

        /** {@code server_version}: reported to clients in the connect result. */
        public Builder serverVersion(String value) {
            this.serverVersion = requireNonNull(value, "serverVersion");
            return this;
        }

        /**
         * Sets one key of the class Javadoc's table from its text form.
         *
         * @throws IllegalArgumentException for an unknown key or a bad value, naming the key and
         *     the accepted form
         */
        public Builder set(String key, String value) {
            requireNonNull(key, "key");
            requireNonNull(value, "value of " + key);
            String v = value.trim();
            switch (key) {
                case "max_connections" -> maxConnections(integer(key, v));
                case "allowed_origins" -> allowedOrigins(v);
                case "message_size_limit" -> messageSizeLimit(integer(key, v));
                case "ha_engine" -> haEngine(v);
                case "ha_engine_address" -> haEngineAddress(v);
                case "ha_engine_password" -> haEnginePassword(value);
                case "ha_prefix" -> haPrefix(v);
                case "root_url" -> rootUrl(v);
                case "ping_interval" -> pingInterval(duration(key, v));
                case "pong_timeout" -> pongTimeout(duration(key, v));
                case "connect_timeout" -> connectTimeout(duration(key, v));
                case "idle_timeout" -> idleTimeout(duration(key, v));
                case "body_timeout" -> bodyTimeout(duration(key, v));
                case "shutdown_timeout" -> shutdownTimeout(duration(key, v));
                case "token_expiry_grace" -> tokenExpiryGrace(duration(key, v));
                case "outbound_queue_bytes" -> outboundQueueBytes(integer(key, v));
                case "max_channels" -> maxChannels(integer(key, v));
                case "max_messages_per_frame" -> maxMessagesPerFrame(integer(key, v));
                case "max_frame_bytes" -> maxFrameBytes(integer(key, v));
                case "fanout_parallel_threshold" -> fanoutParallelThreshold(integer(key, v));
                case "command_rate_limit" -> commandRateLimit(integer(key, v), commandBurst);
                case "command_burst" -> commandRateLimit(commandsPerSecond, integer(key, v));
                case "join_leave_max_members" -> joinLeaveMaxMembers(integer(key, v));
                case "push_body_limit" -> pushBodyLimit(integer(key, v));
                case "push_body_timeout" -> pushBodyTimeout(duration(key, v));
                case "push_message_limit" -> pushMessageLimit(integer(key, v));
                case "push_http_min_role" -> pushHttpMinimumRole(role(key, v));
                case "websocket_path" -> webSocketPath(v);
                case "http_api_path" -> httpApiPath(v);
                case "server_version" -> serverVersion(v);
                default -> throw new IllegalArgumentException("unknown [live] setting '" + key + "'; known: "
                        + String.join(", ", KEYS));
            }
            return this;
        }

        /** @throws IllegalArgumentException when the pong timeout is not shorter than the ping interval */
        public LiveSettings build() {
            if (pongTimeout.compareTo(pingInterval) >= 0) {
                throw new IllegalArgumentException("[live] pong_timeout (" + pongTimeout + ") must be shorter than"
                        + " ping_interval (" + pingInterval + "): a pong is awaited before the next ping");
            }
            return new LiveSettings(this);
        }

        private static int integer(String key, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("[live] " + key + " must be a whole number, got '" + value + "'", e);
            }
        }

        /** {@code 500ms}, {@code 25s}, {@code 2m}, {@code 1h}, or ISO-8601 such as {@code PT25S}. */
        static Duration duration(String key, String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("p")) {
                    return Duration.parse(value.trim());
                }
                String unit = v.endsWith("ms") ? "ms" : v.isEmpty() ? "" : v.substring(v.length() - 1);
                long n = Long.parseLong(v.substring(0, v.length() - unit.length()).trim());
                switch (unit) {
                    case "ms": return Duration.ofMillis(n);
                    case "s": return Duration.ofSeconds(n);
                    case "m": return Duration.ofMinutes(n);
                    case "h": return Duration.ofHours(n);
                    default: throw new NumberFormatException(value);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("[live] " + key + " must be a duration such as 500ms, 25s, 2m, 1h"
                        + " or PT25S, got '" + value + "'", e);
            }
        }

        private static LiveUser.Role role(String key, String value) {
            try {
                return LiveUser.Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("[live] " + key + " must be viewer, editor or admin, got '" + value + "'", e);
            }
        }

        private static int limit(String key, int bytes) {
            if (bytes == 0 || bytes < UNLIMITED) {
                throw new IllegalArgumentException("[live] " + key + " must be a positive number of bytes or -1"
                        + " (unlimited), got " + bytes);
            }
            return bytes;
        }

        private static int atLeast(String key, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException("[live] " + key + " must be at least " + min + ", got " + value);
            }
            return value;
        }

        private static Duration positive(String key, Duration value) {
            requireNonNull(value, key);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("[live] " + key + " must be a positive duration, got " + value);
            }
            return value;
        }

        private static String path(String key, String path) {
            requireNonNull(path, key);
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("[live] " + key + " must start with '/', got '" + path + "'");
            }
            return path;
        }
    }
}
