package dev.heliograph.live.bench.hub;

import dev.heliograph.live.channel.ChannelId;
import dev.heliograph.live.channel.OrgChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of validating a channel name, paid on every subscribe and publish command:
 * {@link ChannelId#parse} and the org-prefixed {@link OrgChannel#parseWire}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChannelParseBenchmark {

    @Param({
        "grafana/dashboard/uid/d8f1c2a7-3b4e",
        "stream/telegraf/cpu",
        "ds/P8E80F9AEF21F6940/metrics/host=web-1/region=eu-west-1"
    })
    public String id;

    private String wire;

    @Setup
    public void setUp() {
        wire = "1/" + id;
    }

    @Benchmark
    public ChannelId parse() {
        return ChannelId.parse(id);
    }

    @Benchmark
    public OrgChannel parseWire() {
        return OrgChannel.parseWire(wire);
    }
}
