package dev.heliograph.live.bench.protocol;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * JSON vs Protobuf in one run, for a shared, overloaded machine: the fan-out of
 * {@link WireProtocolBenchmark} (one publication to 1,000 sessions of one protocol) on one
 * thread, divided by the thread's CPU time (time descheduled does not count; the hub dispatches
 * on the publishing thread, so it covers every delivery), plus the bytes each delivery puts on
 * the wire (the WebSocket payload; the frame header, 2 bytes here, is the same for both).
 * Alternating rounds, best of five. Not a JMH measurement: read it next to the JMH figures.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.heliograph.live.bench.protocol.WireProtocolFanOut}
 */
public final class WireProtocolFanOut {
    private static final int SUBSCRIBERS = 1000;
    private static final String[] PROTOCOLS = {"json", "protobuf"};

    private WireProtocolFanOut() {}

    public static void main(String[] args) {
        WireProtocolBenchmark[] benches = new WireProtocolBenchmark[PROTOCOLS.length];
        for (int p = 0; p < PROTOCOLS.length; p++) {
            benches[p] = new WireProtocolBenchmark();
            benches[p].subscribers = SUBSCRIBERS;
            benches[p].protocol = PROTOCOLS[p];
            benches[p].setup();
        }
        try {
            for (WireProtocolBenchmark b : benches) {
                measure(b, 20_000); // warm-up
            }
            double[] best = new double[PROTOCOLS.length];
            for (int round = 0; round < 5; round++) {
                for (int p = 0; p < PROTOCOLS.length; p++) {
                    double nanos = measure(benches[p], 5_000);
                    best[p] = round == 0 ? nanos : Math.min(best[p], nanos);
                    System.out.printf("round %d %-8s %,8.1f ns CPU per delivery%n", round, PROTOCOLS[p], nanos);
                }
            }
            for (int p = 0; p < PROTOCOLS.length; p++) {
                benches[p].transports.forEach(WireProtocolBenchmark.FormatTransport::reset);
                benches[p].fanOut();
                long[] sent = benches[p].sentBytesAndFrames();
                System.out.printf("best    %-8s %,8.1f ns CPU per delivery (%,.0f deliveries per CPU-second), %d bytes per delivery%n",
                        PROTOCOLS[p], best[p], 1e9 / best[p], sent[0] / sent[1]);
            }
        } finally {
            for (WireProtocolBenchmark b : benches) {
                b.tearDown();
            }
        }
    }

    /** CPU nanoseconds per delivery over {@code publications} fan-outs. */
    private static double measure(WireProtocolBenchmark bench, int publications) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < publications; i++) {
            bench.fanOut();
        }
        long cpuNanos = mx.getCurrentThreadCpuTime() - start;
        return (double) cpuNanos / ((long) publications * bench.subscribers);
    }
}
