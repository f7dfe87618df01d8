package dev.heliograph.live.bench.storm;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a storm run is set up: the server jar and its JVM and flags, the client side (loops,
 * source addresses, connections in flight), the canary's rate, and the bounds the checks use.
 * Immutable; built with {@link #builder()}.
 *
 * @param serverJar the demo jar ({@code examples/target/live-example.jar})
 * @param workDir where server logs go
 * @param serverJvm JVM options of the server process
 * @param serverFlags demo flags added to every scenario's (after {@code --max-connections -1})
 * @param loops client selector threads
 * @param sourceFrom the crowd's first source address
 * @param perSource crowd connections per source address
 * @param connectInFlight crowd connections between "connecting" and "subscribed" at once
 * @param readyTimeout how long one crowd connection may take to subscribe
 * @param canaryRate canary publications per second
 * @param settle how long the storm may take to pass (sockets closed, presence exact)
 * @param silenceBound the longest the canary may go without a publication
 * @param shutdownBound how long SIGTERM may take
 * @param threadGrowth how many threads the server may add above its baseline at peak: Jetty's
 *                     default pool alone may add 200 under a burst; a thread per connection or a
 *                     leak shows as thousands
 * @param witnesses clients connected at SIGTERM, besides the canary, that must see 3001
 */
record StormOptions(Path serverJar, Path workDir, List<String> serverJvm, List<String> serverFlags, int loops,
        String sourceFrom, int perSource, int connectInFlight, Duration readyTimeout, int canaryRate,
        Duration settle, Duration silenceBound, Duration shutdownBound, int threadGrowth, int witnesses) {

    StormOptions {
        requireNonNull(serverJar, "serverJar");
        requireNonNull(workDir, "workDir");
        serverJvm = List.copyOf(serverJvm);
        serverFlags = List.copyOf(serverFlags);
        if (loops < 1 || loops > 16) {
            throw new IllegalArgumentException("client loops must be within 1..16, got " + loops);
        }
        if (canaryRate < 1 || canaryRate > 1000) {
            throw new IllegalArgumentException("the canary rate must be within 1..1000 per second, got " + canaryRate);
        }
        if (connectInFlight < 1) {
            throw new IllegalArgumentException("connections in flight must be at least 1, got " + connectInFlight);
        }
    }

    static Builder builder() {
        return new Builder();
    }

    /** Starts from the defaults; every setter replaces one value. */
    static final class Builder {
        private Path serverJar = Path.of("examples/target/live-example.jar");
        private Path workDir = Path.of("benchmarks/target/storm");
        private List<String> serverJvm = List.of("-Xms256m", "-Xmx1g");
        private List<String> serverFlags = List.of();
        private int loops = 2;
        private String sourceFrom = "127.0.0.2";
        private int perSource = 5_000;
        private int connectInFlight = 100;
        private Duration readyTimeout = Duration.ofSeconds(120);
        private int canaryRate = 10;
        private Duration settle = Duration.ofSeconds(20);
        private Duration silenceBound = Duration.ofSeconds(10);
        private Duration shutdownBound = Duration.ofSeconds(10);
        private int threadGrowth = 300;
        private int witnesses = 20;

        Builder serverJar(Path value) {
            serverJar = value;
            return this;
        }

        Builder workDir(Path value) {
            workDir = value;
            return this;
        }

        Builder serverJvm(List<String> value) {
            serverJvm = value;
            return this;
        }

        Builder serverFlags(List<String> value) {
            serverFlags = value;
            return this;
        }

        Builder loops(int value) {
            loops = value;
            return this;
        }

        Builder sourceFrom(String value) {
            sourceFrom = value;
            return this;
        }

        Builder perSource(int value) {
            perSource = value;
            return this;
        }

        Builder connectInFlight(int value) {
            connectInFlight = value;
            return this;
        }

        Builder readyTimeout(Duration value) {
            readyTimeout = value;
            return this;
        }

        Builder canaryRate(int value) {
            canaryRate = value;
            return this;
        }

        Builder settle(Duration value) {
            settle = value;
            return this;
        }

        Builder silenceBound(Duration value) {
            silenceBound = value;
            return this;
        }

        Builder shutdownBound(Duration value) {
            shutdownBound = value;
            return this;
        }

        Builder threadGrowth(int value) {
            threadGrowth = value;
            return this;
        }

        Builder witnesses(int value) {
            witnesses = value;
            return this;
        }

        StormOptions build() {
            return new StormOptions(serverJar, workDir, serverJvm, serverFlags, loops, sourceFrom, perSource,
                    connectInFlight, readyTimeout, canaryRate, settle, silenceBound, shutdownBound, threadGrowth,
                    witnesses);
        }
    }
}
