package dev.heliograph.live.bench.protocol;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

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
            for (int t = 0; t < TRANSPORTS.length; t++) {
                measure(benches[t], 20_000); // warm-up
            }
            double[] best = new double[TRANSPORTS.length];
            for (int round = 0; round < 5; round++) {
                for (int t = 0; t < TRANSPORTS.length; t++) {
                    double nanos = measure(benches[t], 5_000);
                    best[t] = round == 0 ? nanos : Math.min(best[t], nanos);
                    System.out.printf("round %d %-7s %,8.1f ns CPU per delivery%n", round, TRANSPORTS[t], nanos);
                }
            }
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

    /** CPU nanoseconds per delivery over {@code publications} fan-outs. */
    private static double measure(ProtocolBenchmark bench, int publications) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < publications; i++) {
            bench.fanOut();
        }
        long cpuNanos = mx.getCurrentThreadCpuTime() - start;
        return (double) cpuNanos / ((long) publications * bench.subscribers);
    }
}
