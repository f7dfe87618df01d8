package dev.heliograph.live.bench.influx;

import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.influx.FrameFormat;
import dev.heliograph.live.influx.LineProtocolConverter;
import dev.heliograph.live.influx.LineProtocolParser;
import dev.heliograph.live.influx.LinePoint;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Lines per second for the line-protocol parser alone, parse + convert (both formats), and a
 * naive {@code String.split} parse of the same body as the floor. The body is 1,000 lines of
 * Telegraf cpu/mem/disk output ({@link TelegrafBody}); each operation is one line
 * ({@code @OperationsPerInvocation(1000)}), so the scores read as lines/s on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LineProtocolBenchmark {
    static final int LINES = 1000;

    private byte[] body;
    private LineProtocolParser parser;
    private LineProtocolConverter labelsColumn;
    private LineProtocolConverter wide;

    @Setup
    public void setUp() {
        body = TelegrafBody.build(LINES);
        parser = LineProtocolParser.strict();
        labelsColumn = LineProtocolConverter.of(FrameFormat.LABELS_COLUMN);
        wide = LineProtocolConverter.of(FrameFormat.WIDE);
        int[] count = new int[1];
        parser.parse(body, p -> count[0]++);
        if (count[0] != LINES) {
            throw new IllegalStateException("body has " + count[0] + " lines, expected " + LINES);
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parse(Blackhole bh) {
        parser.parse(body, (LinePoint p) -> {
            bh.consume(p.measurement());
            bh.consume(p.timestamp());
            for (int i = 0, n = p.fieldCount(); i < n; i++) {
                bh.consume(p.numberAsDouble(i));
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public List<DataFrame> parseAndConvertLabelsColumn() {
        return labelsColumn.convert(body);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public List<DataFrame> parseAndConvertWide() {
        return wide.convert(body);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long naiveStringSplitParse() {
        return NaiveSplitParser.parse(body);
    }
}
