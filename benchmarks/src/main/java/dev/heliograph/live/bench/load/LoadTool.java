package dev.heliograph.live.bench.load;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A WebSocket load generator for a loopback server speaking Centrifuge v2 JSON (Heliograph Live)
 * or STOMP (the Spring peer). Two modes:
 *
 * <ul>
 *   <li><b>deliveries</b> (default): open N subscriber connections, publish at a fixed rate for a
 *       fixed time, report deliveries per second and publish-to-receive latency;
 *   <li><b>idle</b> ({@code --idle}): open N connections, subscribe, print {@code READY ...} and
 *       hold them, so a script can measure the server's memory per connection.
 * </ul>
 *
 * Run {@code java -cp benchmarks/target/benchmarks.jar dev.heliograph.live.bench.load.LoadTool --help}.
 * Single-use: {@link #main} runs one load on the main thread and exits.
 */
public final class LoadTool {
    private final LoadOptions options;
    private final WireProtocol protocol;
    private final LoadStats stats = new LoadStats();

    LoadTool(LoadOptions options) {
        this.options = options;
        this.protocol = options.protocol() == LoadOptions.Protocol.STOMP ? new StompProtocol() : new CentrifugeProtocol();
    }

    /** The run's counters, for tests that drive a run in-process. */
    LoadStats stats() {
        return stats;
    }

    public static void main(String[] args) throws Exception {
        // Jetty's client masks every outgoing frame with a SecureRandom; the default NativePRNG
        // reads /dev/urandom under one lock, which convoys thousands of connections answering
        // pings at once. A non-canonical egd path selects SHA1PRNG (in-memory). Must run before
        // the SUN provider loads; -Djava.security.egd on the command line wins.
        if (System.getProperty("java.security.egd") == null) {
            System.setProperty("java.security.egd", "file:/dev/./urandom");
        }
        LoadOptions options;
        try {
            options = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load tool: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(CommandLine.HELP);
            return;
        }
        int failed = new LoadTool(options).run();
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Runs the load; returns the number of distinct failure reasons (zero for a clean run). */
    int run() throws Exception {
        System.out.println(describe());
        try (ConnectionPool pool = new ConnectionPool(options, protocol, stats)) {
            long start = System.nanoTime();
            pool.openSubscribers(done -> System.out.printf(Locale.ROOT, "  ... %d connections attempted, %d subscribed%n",
                    done, stats.ready.sum()));
            System.out.println(Report.connect(options, stats, System.nanoTime() - start));
            if (stats.ready.sum() == 0) {
                System.out.println("no connection subscribed: is the server running at " + options.target().webSocket() + "?");
            } else if (options.mode() == LoadOptions.Mode.IDLE) {
                hold();
            } else {
                deliver(pool);
            }
        }
        System.out.println(Report.failures(stats));
        return stats.failures().size();
    }

    private String describe() {
        String what = options.mode() == LoadOptions.Mode.IDLE
                ? "idle, hold " + options.hold().toSeconds() + " s"
                : options.rate() + " publications/s for " + options.duration().toSeconds() + " s via "
                        + options.publishVia().name().toLowerCase(Locale.ROOT) + ", " + options.payloadBytes() + " B padding";
        return String.format(Locale.ROOT, "load: %s %s, %d connections on %d channel(s) from %s (%d per address), %s",
                options.protocol().name().toLowerCase(Locale.ROOT), options.target().webSocket(), options.connections(),
                options.channels(), options.firstSource(), options.perSource(), what);
    }

    private void hold() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            System.out.println(holdSummary());
        }, "load-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.printf(Locale.ROOT, "READY connections=%d subscribed=%d failed=%d%n",
                options.connections(), stats.ready.sum(), stats.connectFailures.sum());
        System.out.flush();
        boolean stopped = stop.await(options.hold().toSeconds(), TimeUnit.SECONDS);
        if (!stopped) {
            Runtime.getRuntime().removeShutdownHook(hook);
            System.out.println(holdSummary());
        }
    }

    private String holdSummary() {
        return String.format(Locale.ROOT, "held: %d subscribed, %d closed by the server, %d pings answered",
                stats.ready.sum(), stats.unexpectedCloses.sum(), stats.pings.sum());
    }

    private void deliver(ConnectionPool pool) throws Exception {
        int[] subscribers = pool.readyPerChannel();
        long publications = options.publications();
        Publisher publisher;
        if (options.publishVia() == LoadOptions.PublishVia.HTTP) {
            publisher = new HttpPublisher(options, stats);
        } else {
            try {
                publisher = new WebSocketPublisher(options, protocol, pool.openPublisher(), stats);
            } catch (ExecutionException | TimeoutException e) {
                stats.failure("the publisher connection did not connect: " + LoadConnection.reason(e));
                return;
            }
        }
        String padding = Payload.padding(options.payloadBytes());
        long period = 1_000_000_000L / options.rate();
        long deliveredBefore = stats.deliveries.sum();
        long start = System.nanoTime();
        long window = options.duration().toNanos();
        long nextProgress = start + 5_000_000_000L;
        long sent = 0;
        long expected = 0;
        try (publisher) {
            // Bounded in count and in time: a server slower than the rate gets fewer publications, not a longer run.
            while (sent < publications && System.nanoTime() - start < window) {
                long wait = start + sent * period - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int channel = (int) (sent % options.channels());
                publisher.publish(channel, Payload.json(sent, System.nanoTime(), padding));
                expected += subscribers[channel];
                sent++;
                if (System.nanoTime() > nextProgress) {
                    nextProgress += 5_000_000_000L;
                    System.out.printf(Locale.ROOT, "  ... %d published, %d delivered%n", sent,
                            stats.deliveries.sum() - deliveredBefore);
                }
            }
        }
        long publishEnd = System.nanoTime();
        long drainDeadline = publishEnd + options.drain().toNanos();
        while (stats.deliveries.sum() - deliveredBefore < expected && System.nanoTime() < drainDeadline) {
            LockSupport.parkNanos(10_000_000L);
        }
        long delivered = stats.deliveries.sum() - deliveredBefore;
        long last = Math.max(stats.lastDeliveryNanos(), publishEnd);
        double seconds = (last - start) / 1e9;
        System.out.printf(Locale.ROOT, "publish: %d of %d sent in %.2f s (%s achieved, %s asked), %d acknowledged, %d failed%n",
                sent, publications, (publishEnd - start) / 1e9, Report.rate(sent / ((publishEnd - start) / 1e9)),
                Report.rate(options.rate()), stats.published.sum(), stats.publishFailures.sum());
        System.out.printf(Locale.ROOT, "deliveries: %d of %d expected (%.3f%%), %s over %.2f s (first publish to last delivery)%n",
                delivered, expected, expected == 0 ? 0.0 : 100.0 * delivered / expected, Report.rate(delivered / seconds),
                seconds);
        System.out.println("latency (publish -> receive): " + Report.distribution(stats.latency));
        if (stats.untimedDeliveries.sum() > 0) {
            System.out.println("deliveries without a readable timestamp: " + stats.untimedDeliveries.sum());
        }
        if (delivered < expected) {
            stats.failure("deliveries missing after " + options.drain().toSeconds() + " s drain: " + (expected - delivered));
        }
    }
}
