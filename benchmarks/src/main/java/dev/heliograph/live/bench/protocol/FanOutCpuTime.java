package dev.heliograph.live.bench.protocol;

/**
 * A companion to {@link ProtocolBenchmark#fanOut} for a shared, overloaded machine: runs the same
 * fan-out (one publication to 1,000 sessions, over the {@code bytes} and the {@code string}
 * transport) on one thread and divides by the thread's CPU time, not wall time, so time spent
 * descheduled does not count (the hub dispatches on the publishing thread, so that CPU time
 * covers every delivery). Not a JMH measurement (one JVM, simple warm-up, alternating rounds):
 * read it next to the JMH figures, not instead of them.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.heliograph.live.bench.protocol.FanOutCpuTime}
 */
public final class FanOutCpuTime {
    private static final int SUBSCRIBERS = 1000;
    private static final String[] TRANSPORTS = {"bytes", "string"};

    private FanOutCpuTime() {
    }

    public static void main(String[] args) {
        ProtocolBenchmark[] benches = new ProtocolBenchmark[TRANSPORTS.length];
        for (int t = 0; t < TRANSPORTS.length; t++) {
            benches[t] = new ProtocolBenchmark();
            benches[t].subscribers = SUBSCRIBERS;
            benches[t].transport = TRANSPORTS[t];
            benches[t].setup();
        }
        try {
            Runnable[] fanOuts = new Runnable[benches.length];
            for (int t = 0; t < benches.length; t++) {
                fanOuts[t] = benches[t]::fanOut;
            }
            double[] best = CpuTimeRounds.best(TRANSPORTS, fanOuts, SUBSCRIBERS);
            for (int t = 0; t < TRANSPORTS.length; t++) {
                System.out.printf("best    %-7s %,8.1f ns CPU per delivery (%,.0f deliveries per CPU-second)%n",
                        TRANSPORTS[t], best[t], 1e9 / best[t]);
            }
        } finally {
            for (ProtocolBenchmark b : benches) {
                b.tearDown();
            }
        }
    }
}
