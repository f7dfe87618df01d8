package dev.heliograph.live.bench.influx;

import dev.heliograph.live.influx.FrameFormat;
import dev.heliograph.live.influx.LineProtocolConverter;
import dev.heliograph.live.influx.LineProtocolParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * A companion to {@link LineProtocolBenchmark} for a shared, overloaded machine: runs the same
 * four workloads on one thread and divides by the thread's CPU time (not wall time), so time the
 * thread spends descheduled does not count. Lines per CPU-second; not a JMH measurement (no
 * forks, simple warm-up), so read it next to the JMH figures, not instead of them.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.heliograph.live.bench.influx.LineProtocolCpuTime}
 */
public final class LineProtocolCpuTime {
    private LineProtocolCpuTime() {
    }

    public static void main(String[] args) {
        byte[] body = TelegrafBody.build(LineProtocolBenchmark.LINES);
        LineProtocolParser parser = LineProtocolParser.strict();
        LineProtocolConverter labels = LineProtocolConverter.of(FrameFormat.LABELS_COLUMN);
        LineProtocolConverter wide = LineProtocolConverter.of(FrameFormat.WIDE);
        long[] sink = new long[1];
        LongSupplier parse = () -> parser.parse(body, p -> sink[0] += p.fieldCount()).points();
        LongSupplier labelsColumn = () -> labels.convert(body).size();
        LongSupplier wideFrames = () -> wide.convert(body).size();
        LongSupplier naive = () -> NaiveSplitParser.parse(body);
        String[] names = {"parse", "parseAndConvertLabelsColumn", "parseAndConvertWide", "naiveStringSplitParse"};
        LongSupplier[] work = {parse, labelsColumn, wideFrames, naive};
        for (int round = 0; round < 2; round++) {
            for (int w = 0; w < work.length; w++) {
                double linesPerCpuSecond = measure(work[w], round == 0 ? 2_000 : 5_000);
                if (round == 1) {
                    System.out.printf("%-30s %,14.0f lines per CPU-second%n", names[w], linesPerCpuSecond);
                }
            }
        }
        System.out.println("(checksum " + sink[0] + ")");
    }

    private static double measure(LongSupplier work, int bodies) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < bodies; i++) {
            sum += work.getAsLong();
        }
        long cpuNanos = mx.getCurrentThreadCpuTime() - start;
        if (sum == 42) {
            System.out.print("");
        }
        return (double) bodies * LineProtocolBenchmark.LINES / (cpuNanos / 1e9);
    }
}
