package dev.heliograph.live.bench.load;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Everything one run of {@link LoadTool} needs, validated: where the server is, which protocol
 * to speak, how many connections and channels, and the publishing schedule. Built by
 * {@link CommandLine} from the arguments, or by a {@link Builder} in code and tests.
 *
 * <p>Bounds are deliberate: at most 200,000 connections, 100,000 publishes per second, one hour,
 * and 10,000,000 publications per run, so a typo cannot turn the tool into a flood.
 *
 * @param target the loopback server
 * @param protocol the client protocol the server speaks
 * @param mode deliveries (publish and measure) or idle (open, subscribe, hold)
 * @param connections how many subscriber connections to open
 * @param channels how many distinct channels; connection {@code i} subscribes to channel {@code i % channels}
 * @param rate publications per second, spread round-robin over the channels
 * @param duration how long to publish
 * @param maxPublications a hard cap on publications, whatever rate and duration say
 * @param publishVia HTTP publish endpoint or a publisher WebSocket connection
 * @param hold idle mode: how long to hold the connections open before closing them
 * @param firstSource the first loopback source address for subscriber connections
 * @param perSource connections per source address
 * @param user HTTP Basic user on every request (null for none)
 * @param password HTTP Basic password (null for none)
 * @param connectConcurrency how many connection attempts may be in flight at once
 * @param payloadBytes padding added to each publication's JSON data
 * @param channel the base channel: a Grafana Live path without org for Centrifuge
 *     ({@code grafana/broadcast/load}), a destination for STOMP ({@code /topic/load})
 * @param org the org id prefixed to the channel on the WebSocket (Centrifuge only)
 * @param publishPath the HTTP publish path on the target's host and port
 * @param drain how long to wait for in-flight deliveries after the last publication
 */
public record LoadOptions(
        LoopbackTarget target,
        Protocol protocol,
        Mode mode,
        int connections,
        int channels,
        int rate,
        Duration duration,
        long maxPublications,
        PublishVia publishVia,
        Duration hold,
        String firstSource,
        int perSource,
        String user,
        String password,
        int connectConcurrency,
        int payloadBytes,
        String channel,
        int org,
        String publishPath,
        Duration drain) {

    /** The client protocol spoken to the server. */
    public enum Protocol {
        /** Centrifuge v2 JSON (the Heliograph Live endpoint). */
        CENTRIFUGE,
        /** STOMP 1.2 over WebSocket (the Spring simple-broker peer). */
        STOMP
    }

    /** What the run measures. */
    public enum Mode {
        /** Publish at a rate, measure deliveries per second and latency. */
        DELIVERIES,
        /** Open, subscribe and hold connections, for the server's memory per connection. */
        IDLE
    }

    /** How publications reach the server. */
    public enum PublishVia {
        /** {@code POST} to the HTTP publish endpoint (Centrifuge only). */
        HTTP,
        /** A dedicated publisher WebSocket connection. */
        WEBSOCKET
    }

    static final int MAX_CONNECTIONS = 200_000;
    static final int MAX_RATE = 100_000;
    static final long MAX_PUBLICATIONS = 10_000_000;
    static final Duration MAX_DURATION = Duration.ofHours(1);

    public LoadOptions {
        requireNonNull(target, "target");
        requireNonNull(protocol, "protocol");
        requireNonNull(mode, "mode");
        requireNonNull(duration, "duration");
        requireNonNull(publishVia, "publishVia");
        requireNonNull(hold, "hold");
        requireNonNull(firstSource, "firstSource");
        requireNonNull(channel, "channel");
        requireNonNull(publishPath, "publishPath");
        requireNonNull(drain, "drain");
        within("--connections", connections, 1, MAX_CONNECTIONS);
        within("--channels", channels, 1, connections);
        within("--rate", rate, 1, MAX_RATE);
        within("--max-publications", maxPublications, 1, MAX_PUBLICATIONS);
        within("--connect-concurrency", connectConcurrency, 1, 10_000);
        within("--payload-bytes", payloadBytes, 0, 1_000_000);
        within("--org", org, 1, Integer.MAX_VALUE);
        within("--duration (seconds)", duration.toSeconds(), 1, MAX_DURATION.toSeconds());
        within("--hold (seconds)", hold.toSeconds(), 0, MAX_DURATION.toSeconds());
        within("--drain (seconds)", drain.toSeconds(), 0, 600);
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("--user and --password go together: give both or neither");
        }
        if (protocol == Protocol.STOMP && publishVia == PublishVia.HTTP) {
            throw new IllegalArgumentException("--protocol stomp publishes over WebSocket: add --publish-via ws");
        }
        if (channel.isBlank() || channel.contains("\n") || channel.contains("\"")) {
            throw new IllegalArgumentException("--channel must be non-blank without quotes or newlines, got '" + channel + "'");
        }
        SourceAddresses.startingAt(firstSource, perSource).addressFor(connections - 1);
    }

    /** How many publications this run sends: rate times duration, capped by the maximum. */
    public long publications() {
        return Math.min(maxPublications, rate * duration.toSeconds());
    }

    /** The channel with index {@code i}: the base name alone when there is one channel. */
    public String channelName(int index) {
        return channels == 1 ? channel : channel + "-" + index;
    }

    /** A builder with the defaults documented in {@code --help}. */
    public static Builder builder() {
        return new Builder();
    }

    private static void within(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ", got " + value);
        }
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private String url = "ws://127.0.0.1:8080/api/live/ws";
        private Protocol protocol = Protocol.CENTRIFUGE;
        private Mode mode = Mode.DELIVERIES;
        private int connections = 1_000;
        private int channels = 1;
        private int rate = 100;
        private Duration duration = Duration.ofSeconds(20);
        private long maxPublications = MAX_PUBLICATIONS;
        private PublishVia publishVia = PublishVia.HTTP;
        private Duration hold = Duration.ofSeconds(300);
        private String firstSource = "127.0.0.2";
        private int perSource = 25_000;
        private String user = "admin";
        private String password = "admin";
        private int connectConcurrency = 200;
        private int payloadBytes = 64;
        private String channel;
        private int org = 1;
        private String publishPath = "/api/live/publish";
        private Duration drain = Duration.ofSeconds(5);

        private Builder() {}

        public Builder url(String url) { this.url = requireNonNull(url, "url"); return this; }
        public Builder protocol(Protocol protocol) { this.protocol = requireNonNull(protocol, "protocol"); return this; }
        public Builder mode(Mode mode) { this.mode = requireNonNull(mode, "mode"); return this; }
        public Builder connections(int connections) { this.connections = connections; return this; }
        public Builder channels(int channels) { this.channels = channels; return this; }
        public Builder rate(int rate) { this.rate = rate; return this; }
        public Builder duration(Duration duration) { this.duration = requireNonNull(duration, "duration"); return this; }
        public Builder maxPublications(long max) { this.maxPublications = max; return this; }
        public Builder publishVia(PublishVia via) { this.publishVia = requireNonNull(via, "via"); return this; }
        public Builder hold(Duration hold) { this.hold = requireNonNull(hold, "hold"); return this; }
        public Builder firstSource(String first) { this.firstSource = requireNonNull(first, "first"); return this; }
        public Builder perSource(int perSource) { this.perSource = perSource; return this; }
        public Builder credentials(String user, String password) { this.user = user; this.password = password; return this; }
        public Builder connectConcurrency(int n) { this.connectConcurrency = n; return this; }
        public Builder payloadBytes(int bytes) { this.payloadBytes = bytes; return this; }
        public Builder channel(String channel) { this.channel = requireNonNull(channel, "channel"); return this; }
        public Builder org(int org) { this.org = org; return this; }
        public Builder publishPath(String path) { this.publishPath = requireNonNull(path, "path"); return this; }
        public Builder drain(Duration drain) { this.drain = requireNonNull(drain, "drain"); return this; }

        public LoadOptions build() {
            String base = channel != null ? channel : protocol == Protocol.STOMP ? "/topic/load" : "grafana/broadcast/load";
            return new LoadOptions(LoopbackTarget.parse(url), protocol, mode, connections, channels, rate, duration,
                    maxPublications, publishVia, hold, firstSource, perSource, user, password, connectConcurrency,
                    payloadBytes, base, org, publishPath, drain);
        }
    }
}
