package dev.heliograph.live.jakarta;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveUser;
import java.time.Duration;

/**
 * Limits and timings of the push endpoints ({@code <prefix>/push/<streamId>}, Influx line
 * protocol over HTTP and WebSocket). Part of {@link LiveSettings} ({@link LiveSettings.Builder#push});
 * immutable and shared by every request.
 *
 * <p>Defaults: HTTP bodies up to {@value #DEFAULT_BODY_LIMIT} bytes (10 MiB: a Telegraf batch of
 * 1,000 metrics is about 200 KB, so this leaves room for large batches while bounding memory),
 * arriving within 10 s;
 * WebSocket messages up to {@value #DEFAULT_MESSAGE_LIMIT} bytes (1 MiB, Grafana's limit for its
 * push WebSocket); a ping every 25 s and 10 s to answer it; any signed-in user may POST (as in
 * Grafana, whose HTTP push route only requires a sign-in), only org admins may open the push
 * WebSocket (as in Grafana).
 */
public final class PushSettings {

    /** Default largest HTTP push body: 10 MiB. */
    public static final int DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;
    /** Default largest WebSocket push message: 1 MiB. */
    public static final int DEFAULT_MESSAGE_LIMIT = 1024 * 1024;
    /** Default {@link #bodyTimeout()}: 10 seconds. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);

    private static final PushSettings DEFAULTS = builder().build();

    private final int bodyLimit;
    private final Duration bodyTimeout;
    private final int messageLimit;
    private final Duration pingInterval;
    private final Duration pongTimeout;
    private final LiveUser.Role httpMinimumRole;

    private PushSettings(Builder b) {
        this.bodyLimit = b.bodyLimit;
        this.bodyTimeout = b.bodyTimeout;
        this.messageLimit = b.messageLimit;
        this.pingInterval = b.pingInterval;
        this.pongTimeout = b.pongTimeout;
        this.httpMinimumRole = b.httpMinimumRole;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static PushSettings defaults() {
        return DEFAULTS;
    }

    /** Largest {@code POST} body in bytes; a larger one is answered 413. {@link LiveSettings#UNLIMITED}. */
    public int bodyLimit() {
        return bodyLimit;
    }

    /**
     * How long a {@code POST} may take to send its body once its headers arrived; default 10 s.
     * A body still incomplete then is answered 408 and its connection closed. Bodies are read
     * without holding a container thread; at the default a full 10 MiB body needs about 8 Mbit/s.
     * The same deadline bounds the wait for the engine's answer (503 after it).
     */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /** Largest WebSocket push message in bytes; a larger one closes the connection with 1009. {@link LiveSettings#UNLIMITED}. */
    public int messageLimit() {
        return messageLimit;
    }

    /** How often the server pings a push WebSocket (WebSocket ping frames). */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** How long a push WebSocket client has to answer a ping with a pong before it is closed. */
    public Duration pongTimeout() {
        return pongTimeout;
    }

    /** The least role that may {@code POST} to the push endpoint; the WebSocket variant always needs {@code ADMIN}. */
    public LiveUser.Role httpMinimumRole() {
        return httpMinimumRole;
    }

    @Override
    public String toString() {
        return "PushSettings[bodyLimit=" + bodyLimit + ", bodyTimeout=" + bodyTimeout + ", messageLimit=" + messageLimit + ", ping=" + pingInterval
                + ", pongTimeout=" + pongTimeout + ", httpMinimumRole=" + httpMinimumRole + "]";
    }

    /** Builds {@link PushSettings}; each setter validates and names the option it rejects. Not thread-safe. */
    public static final class Builder {
        private int bodyLimit = DEFAULT_BODY_LIMIT;
        private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
        private int messageLimit = DEFAULT_MESSAGE_LIMIT;
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration pongTimeout = Duration.ofSeconds(10);
        private LiveUser.Role httpMinimumRole = LiveUser.Role.VIEWER;

        private Builder() {}

        /** Largest HTTP push body: positive bytes or {@link LiveSettings#UNLIMITED}. */
        public Builder bodyLimit(int bytes) {
            this.bodyLimit = checkLimit("bodyLimit", bytes);
            return this;
        }

        /** How long an HTTP push body may take to arrive (see {@link PushSettings#bodyTimeout()}); positive. */
        public Builder bodyTimeout(Duration timeout) {
            this.bodyTimeout = checkPositive("bodyTimeout", timeout);
            return this;
        }

        /** Largest WebSocket push message: positive bytes or {@link LiveSettings#UNLIMITED}. */
        public Builder messageLimit(int bytes) {
            this.messageLimit = checkLimit("messageLimit", bytes);
            return this;
        }

        /** Interval between server pings on a push WebSocket; positive. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = checkPositive("pingInterval", interval);
            return this;
        }

        /** Time to answer a ping; positive and shorter than the ping interval (checked in {@link #build}). */
        public Builder pongTimeout(Duration timeout) {
            this.pongTimeout = checkPositive("pongTimeout", timeout);
            return this;
        }

        /** The least role allowed to {@code POST} line protocol; default {@code VIEWER} (any signed-in user). */
        public Builder httpMinimumRole(LiveUser.Role role) {
            this.httpMinimumRole = requireNonNull(role, "role");
            return this;
        }

        /** @throws IllegalArgumentException when the pong timeout is not shorter than the ping interval */
        public PushSettings build() {
            if (pongTimeout.compareTo(pingInterval) >= 0) {
                throw new IllegalArgumentException("push pongTimeout (" + pongTimeout + ") must be shorter than"
                        + " pingInterval (" + pingInterval + "): a pong is awaited before the next ping");
            }
            return new PushSettings(this);
        }

        private static int checkLimit(String name, int bytes) {
            if (bytes == 0 || bytes < LiveSettings.UNLIMITED) {
                throw new IllegalArgumentException("push " + name + " must be a positive number of bytes or -1"
                        + " (unlimited), got " + bytes);
            }
            return bytes;
        }

        private static Duration checkPositive(String name, Duration d) {
            requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("push " + name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
