package dev.heliograph.live.bench.handler;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.frame.Field;
import dev.heliograph.live.frame.FrameJson;
import dev.heliograph.live.hub.CachedFrame;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.json.RawJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The node's two hot paths with one local subscriber on a {@link LocalHub}:
 * <ul>
 *   <li>managed-stream push of a Telegraf-shaped one-row frame (labels, time, three nullable
 *       float64 fields): {@code pushFrame} (schema and data encoded once each, the full frame
 *       joined from them) against a naive push that encodes full, schema-only and data-only
 *       separately, as a first implementation would;</li>
 *   <li>a client publish through the {@code grafana/broadcast} handler against a bare
 *       {@code hub.publish} of the same bytes (the handler layer's cost).</li>
 * </ul>
 * Single-threaded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NodePathsBenchmark {
    private static final LiveUser USER = new LiveUser("1", "bench", 1, LiveUser.Role.EDITOR);
    private static final OrgChannel STREAM = OrgChannel.of(1, "stream/telegraf/cpu");
    private static final OrgChannel BROADCAST = OrgChannel.of(1, "grafana/broadcast/bench");

    Hub hub;
    LiveNode node;
    DataFrame frame;
    RawJson message;
    long t;

    @Setup(Level.Trial)
    public void setup(Blackhole bh) {
        hub = new LocalHub();
        node = LiveNode.builder().hub(hub).build();
        node.subscribe(USER, STREAM, null, bh::consume);
        node.subscribe(USER, BROADCAST, null, bh::consume);
        message = RawJson.parse("{\"text\":\"deploy finished\",\"by\":\"ci\",\"n\":42}");
        frame = frame(1_763_800_000_000L);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        node.close();
        hub.close();
    }

    private static DataFrame frame(long timeMillis) {
        return DataFrame.builder()
                .name("cpu")
                .field(Field.string("labels").appendString("cpu=cpu-total, host=web-1"))
                .field(Field.time("time").appendTimeMillis(timeMillis))
                .field(Field.float64("usage_idle", true).appendDouble(97.31))
                .field(Field.float64("usage_system", true).appendDouble(0.88))
                .field(Field.float64("usage_user", true).appendDouble(1.81))
                .build();
    }

    @Benchmark
    public Object pushFrame() {
        return node.pushFrame(1, "telegraf", frame);
    }

    @Benchmark
    public Object pushFrameNaiveThreeEncodes() {
        byte[] full = FrameJson.encode(frame, FrameJson.Include.ALL);
        byte[] schema = FrameJson.encode(frame, FrameJson.Include.SCHEMA_ONLY);
        boolean changed = hub.frameCache().update(STREAM, new CachedFrame(RawJson.trusted(schema), RawJson.trusted(full)));
        RawJson out = changed ? RawJson.trusted(full) : RawJson.trusted(FrameJson.encode(frame, FrameJson.Include.DATA_ONLY));
        return hub.publish(Publication.of(STREAM, out));
    }

    @Benchmark
    public Object publishThroughBroadcastHandler() {
        return node.publish(USER, BROADCAST, message, null);
    }

    @Benchmark
    public Object publishOnBareHub() {
        return hub.publish(Publication.of(BROADCAST, message));
    }
}
