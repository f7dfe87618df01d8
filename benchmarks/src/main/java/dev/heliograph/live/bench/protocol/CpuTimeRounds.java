package dev.heliograph.live.bench.protocol;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The measuring loop of the CPU-time fan-out companions ({@link FanOutCpuTime},
 * {@link WireProtocolFanOut}): warms every variant up, then runs five alternating rounds, each
 * variant's fan-outs on this thread divided by this thread's CPU time (time descheduled does not
 * count; the hub dispatches on the publishing thread, so it covers every delivery), printing
 * each round and returning the best per variant. Single-use, main thread only.
 */
final class CpuTimeRounds {
    private static final int ROUNDS = 5;
    private static final int WARM_UP_PUBLICATIONS = 20_000;
    private static final int ROUND_PUBLICATIONS = 5_000;

    private CpuTimeRounds() {}

    /**
     * The best CPU nanoseconds per delivery of each variant, over {@value #ROUNDS} rounds.
     *
     * @param names       the variants' names, as printed
     * @param fanOuts     one publication fanned out to {@code subscribers}, per variant
     * @param subscribers deliveries per fan-out
     */
    static double[] best(String[] names, Runnable[] fanOuts, int subscribers) {
        String format = "round %d %-" + width(names) + "s %,8.1f ns CPU per delivery%n";
        for (Runnable fanOut : fanOuts) {
            measure(fanOut, WARM_UP_PUBLICATIONS, subscribers);
        }
        double[] best = new double[fanOuts.length];
        for (int round = 0; round < ROUNDS; round++) {
            for (int v = 0; v < fanOuts.length; v++) {
                double nanos = measure(fanOuts[v], ROUND_PUBLICATIONS, subscribers);
                best[v] = round == 0 ? nanos : Math.min(best[v], nanos);
                System.out.printf(Locale.ROOT, format, round, names[v], nanos);
            }
        }
        return best;
    }

    /** The column width of the names: the longest, at least 7. */
    static int width(String[] names) {
        int width = 7;
        for (String name : names) {
            width = Math.max(width, name.length());
        }
        return width;
    }

    /** CPU nanoseconds per delivery over {@code publications} fan-outs. */
    private static double measure(Runnable fanOut, int publications, int subscribers) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < publications; i++) {
            fanOut.run();
        }
        long cpuNanos = mx.getCurrentThreadCpuTime() - start;
        return (double) cpuNanos / ((long) publications * subscribers);
    }
}
