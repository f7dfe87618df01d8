package dev.heliograph.live.jakarta;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.protocol.ProtocolSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The adapter's configuration: Grafana's {@code [live]} keys that concern the WebSocket and
 * HTTP endpoints ({@code max_connections}, {@code allowed_origins}, {@code message_size_limit}),
 * the server's public root URL for the Origin check, the paths, and the protocol timings.
 *
 * <p>Immutable; built once by the host with {@link #builder()} and shared by every connection.
 * {@link Builder#set} accepts the Grafana key names, so a host can feed it an ini section.
 */
public final class LiveSettings {

    /** Grafana's default {@code max_connections}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 100;
    /** Grafana's default {@code message_size_limit}, in bytes. */
    public static final int DEFAULT_MESSAGE_SIZE_LIMIT = 65536;
    /** Value of {@code max_connections} and {@code message_size_limit} meaning "no limit". */
    public static final int UNLIMITED = -1;
    /** Default {@link #bodyTimeout()}: 10 seconds. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);

    private final int maxConnections;
    private final List<String> allowedOrigins;
    private final int messageSizeLimit;
    private final URI rootUrl;
    private final String webSocketPath;
    private final String httpApiPath;
    private final Duration idleTimeout;
    private final Duration bodyTimeout;
    private final ProtocolSettings protocol;
    private final PushSettings push;

    private LiveSettings(Builder b) {
        this.maxConnections = b.maxConnections;
        this.allowedOrigins = List.copyOf(b.allowedOrigins);
        this.messageSizeLimit = b.messageSizeLimit;
        this.rootUrl = b.rootUrl;
        this.webSocketPath = b.webSocketPath;
        this.httpApiPath = b.httpApiPath;
        this.idleTimeout = b.idleTimeout;
        this.bodyTimeout = b.bodyTimeout;
        this.protocol = b.protocol;
        this.push = b.push;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: 100 connections, no extra origins, 64 KiB messages, no root URL. */
    public static LiveSettings defaults() {
        return builder().build();
    }

    /** Most open WebSocket connections on this node; {@link #UNLIMITED}; 0 disables Live. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Whether Live is turned off ({@code max_connections = 0}). */
    public boolean liveDisabled() {
        return maxConnections == 0;
    }

    /** Lower-cased origin globs ({@code *} matches any run of characters). */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** Largest inbound WebSocket message in bytes; {@link #UNLIMITED}. */
    public int messageSizeLimit() {
        return messageSizeLimit;
    }

    /** The server's public URL ({@code [server] root_url}), if configured. */
    public Optional<URI> rootUrl() {
        return Optional.ofNullable(rootUrl);
    }

    /** Where the WebSocket endpoint is mapped; default {@code /api/live/ws}. */
    public String webSocketPath() {
        return webSocketPath;
    }

    /** The prefix of the HTTP API ({@code <prefix>/publish}, {@code <prefix>/list}); default {@code /api/live}. */
    public String httpApiPath() {
        return httpApiPath;
    }

    /**
     * The container's idle timeout for a WebSocket connection; default 2 minutes. Keep it longer
     * than the protocol's ping interval plus pong timeout: the protocol detects dead peers, this
     * is only the backstop.
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * How long a {@code POST <prefix>/publish} may take to send its body once its headers
     * arrived; default 10 s. A body still incomplete then is
     * answered 408 and its connection closed. Bodies are read without holding a container thread,
     * so this bounds how long a stalled client keeps its connection and buffer, not the server's
     * threads. The same deadline bounds the wait for the engine's answer (503 after it).
     */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /**
     * The host's protocol timings and limits for every connection, if it gave any. When empty,
     * the WebSocket endpoint creates default ones (with their own timer thread) when the servlet
     * starts and closes them when it is destroyed; settings given here are the host's to close.
     */
    public Optional<ProtocolSettings> protocol() {
        return Optional.ofNullable(protocol);
    }

    /** Limits and timings of the push endpoints ({@code <prefix>/push/<streamId>}). */
    public PushSettings push() {
        return push;
    }

    @Override
    public String toString() {
        return "LiveSettings[max_connections=" + maxConnections + ", allowed_origins=" + String.join(",", allowedOrigins)
                + ", message_size_limit=" + messageSizeLimit + ", root_url=" + (rootUrl == null ? "" : rootUrl)
                + ", ws=" + webSocketPath + ", api=" + httpApiPath + ", bodyTimeout=" + bodyTimeout + ", " + push + "]";
    }

    /** Builds {@link LiveSettings}; each setter validates and fails with a message naming the key. */
    public static final class Builder {
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private final List<String> allowedOrigins = new ArrayList<>();
        private int messageSizeLimit = DEFAULT_MESSAGE_SIZE_LIMIT;
        private URI rootUrl;
        private String webSocketPath = "/api/live/ws";
        private String httpApiPath = "/api/live";
        private Duration idleTimeout = Duration.ofMinutes(2);
        private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
        private ProtocolSettings protocol;
        private PushSettings push = PushSettings.defaults();

        private Builder() {}

        /** {@code max_connections}: a positive number, {@link #UNLIMITED} (-1), or 0 to disable Live. */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < UNLIMITED) {
                throw new IllegalArgumentException("[live] max_connections must be -1 (unlimited), 0 (Live disabled)"
                        + " or a positive number, got " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * {@code allowed_origins}: origins allowed besides the server's own, as globs such as
         * {@code https://*.example.com}; {@code *} alone allows every origin.
         */
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

        /** {@code message_size_limit}: a positive number of bytes, or {@link #UNLIMITED} (-1). */
        public Builder messageSizeLimit(int bytes) {
            if (bytes == 0 || bytes < UNLIMITED) {
                throw new IllegalArgumentException("[live] message_size_limit must be a positive number of bytes"
                        + " or -1 (unlimited), got " + bytes);
            }
            this.messageSizeLimit = bytes;
            return this;
        }

        /** The public URL browsers use, e.g. {@code https://live.example.com/}; null for none. */
        public Builder rootUrl(String url) {
            if (url == null || url.isBlank()) {
                this.rootUrl = null;
                return this;
            }
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("root_url '" + url + "' is not a URL: " + e.getMessage()
                        + "; expected e.g. https://live.example.com/");
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

        /** Where to map the WebSocket endpoint; must start with {@code /}. */
        public Builder webSocketPath(String path) {
            this.webSocketPath = checkPath("webSocketPath", path);
            return this;
        }

        /** The HTTP API prefix; must start with {@code /}, no trailing {@code /}. */
        public Builder httpApiPath(String path) {
            String p = checkPath("httpApiPath", path);
            if (p.length() > 1 && p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            this.httpApiPath = p;
            return this;
        }

        /** The container's idle timeout per connection; positive. */
        public Builder idleTimeout(Duration timeout) {
            requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive, got " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** How long a publish body may take to arrive (see {@link LiveSettings#bodyTimeout()}); positive. */
        public Builder bodyTimeout(Duration timeout) {
            requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("bodyTimeout must be positive, got " + timeout);
            }
            this.bodyTimeout = timeout;
            return this;
        }

        /**
         * Protocol timings and limits (ping interval, queue size, ...). The host keeps owning
         * them (and their timer thread): close them after the server stopped.
         */
        public Builder protocol(ProtocolSettings protocol) {
            this.protocol = requireNonNull(protocol, "protocol");
            return this;
        }

        /** Limits and timings of the push endpoints; {@link PushSettings#defaults()} unless given. */
        public Builder push(PushSettings push) {
            this.push = requireNonNull(push, "push");
            return this;
        }

        /**
         * Sets one {@code [live]} key by its Grafana name, parsing the text value:
         * {@code max_connections}, {@code allowed_origins}, {@code message_size_limit}, and
         * {@code root_url} (from Grafana's {@code [server]} section).
         *
         * @throws IllegalArgumentException for an unknown key or a bad value, naming both
         */
        public Builder set(String key, String value) {
            requireNonNull(key, "key");
            requireNonNull(value, "value");
            String v = value.trim();
            switch (key) {
                case "max_connections" -> maxConnections(parseInt(key, v));
                case "allowed_origins" -> allowedOrigins(v);
                case "message_size_limit" -> messageSizeLimit(parseInt(key, v));
                case "root_url" -> rootUrl(v);
                default -> throw new IllegalArgumentException("unknown setting '" + key
                        + "'; known: max_connections, allowed_origins, message_size_limit, root_url");
            }
            return this;
        }

        public LiveSettings build() {
            return new LiveSettings(this);
        }

        private static int parseInt(String key, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("[live] " + key + " must be a whole number, got '" + value + "'");
            }
        }

        private static String checkPath(String name, String path) {
            requireNonNull(path, name);
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException(name + " must start with '/', got '" + path + "'");
            }
            return path;
        }
    }
}
