package dev.heliograph.live.bench.protocol;

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
            Runnable[] fanOuts = new Runnable[benches.length];
            for (int p = 0; p < benches.length; p++) {
                fanOuts[p] = benches[p]::fanOut;
            }
            double[] best = CpuTimeRounds.best(PROTOCOLS, fanOuts, SUBSCRIBERS);
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
}
