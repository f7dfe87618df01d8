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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The node's two hot paths with one local subscriber on a {@link LocalHub}:
 * <ul>
 *   <li>managed-stream push of a Telegraf-shaped frame (labels, time, three nullable float64
 *       fields; 1 or 100 rows): {@code pushFrame} (schema and data encoded once each, the full frame
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

    /** Rows per pushed frame: one line of Telegraf input, or a batch of 100 (one per CPU, say). */
    @Param({"1", "100"})
    int rows;

    Hub hub;
    LiveNode node;
    DataFrame frame;
    RawJson message;

    @Setup(Level.Trial)
    public void setup(Blackhole bh) {
        hub = new LocalHub();
        node = LiveNode.builder().hub(hub).build();
        node.subscribe(USER, STREAM, null, bh::consume);
        node.subscribe(USER, BROADCAST, null, bh::consume);
        message = RawJson.parse("{\"text\":\"deploy finished\",\"by\":\"ci\",\"n\":42}");
        frame = frame(1_763_800_000_000L, rows);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        node.close();
        hub.close();
    }

    private static DataFrame frame(long timeMillis, int rows) {
        Field labels = Field.string("labels");
        Field time = Field.time("time");
        Field idle = Field.float64("usage_idle", true);
        Field system = Field.float64("usage_system", true);
        Field user = Field.float64("usage_user", true);
        for (int i = 0; i < rows; i++) {
            labels.appendString("cpu=cpu" + i + ", host=web-1");
            time.appendTimeMillis(timeMillis);
            idle.appendDouble(97.31 - i * 0.01);
            system.appendDouble(0.88);
            user.appendDouble(1.81 + i * 0.01);
        }
        return DataFrame.builder().name("cpu").field(labels).field(time).field(idle).field(system).field(user).build();
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
