package dev.heliograph.live.bench.redis;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.HistoryOptions;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.LocalFanOut;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.redis.RedisHub;
import dev.heliograph.live.redis.testing.RedisProcess;
import java.time.Duration;
import java.util.concurrent.Semaphore;
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

/**
 * What channel history costs a publish, on both engines in the same run: history off (Redis: a
 * plain pipelined {@code PUBLISH}) against history on (Redis: the Lua script doing
 * {@code HMGET}, {@code HINCRBY}, {@code XADD MAXLEN}, two {@code PEXPIRE}s and the
 * {@code PUBLISH}; in memory: the ring append). One ~120-byte publication to one channel with
 * no subscriber, history of 100 for 5 minutes. The Redis server is a real {@code redis-server}
 * started on a free port for the trial.
 *
 * <ul>
 *   <li>{@link #roundTrip}: publish and wait for the stage, one at a time (microseconds per
 *       publish: what a caller that waits sees).
 *   <li>{@link #pipelined}: publish with up to 4,096 in flight (publishes per second: what
 *       batching on the publisher thread makes of it).
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HistoryPublishBenchmark -f 1 -wi 2 -w 2s -i 4 -r 2s}
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HistoryPublishBenchmark {
    private static final OrgChannel CHANNEL = OrgChannel.of(1, "grafana/broadcast/bench-history");
    private static final HistoryOptions KEEP_100 = HistoryOptions.of(100, Duration.ofMinutes(5));

    @Param({"local", "redis"})
    public String engine;

    @Param({"off", "on"})
    public String history;

    private RedisProcess redis;
    private Hub hub;
    private HistoryOptions options;
    private Publication publication;
    private final Semaphore inFlight = new Semaphore(4_096);

    @Setup(Level.Trial)
    public void setUp() {
        if (engine.equals("redis")) {
            redis = RedisProcess.server();
            hub = RedisHub.builder().address(redis.hostPort()).prefix("bench").build();
        } else {
            hub = LocalHub.builder().build();
        }
        LocalFanOut.attachTo(hub);
        options = history.equals("on") ? KEEP_100 : HistoryOptions.NONE;
        publication = Publication.of(CHANNEL, RawJson.parse(
                "{\"t\":1700000000000,\"data\":{\"values\":[[1700000000000],[42.5],[\"host-a\"]]},\"pad\":\"0123456789\"}"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        inFlight.acquire(4_096); // every pipelined publish answered
        inFlight.release(4_096);
        hub.close();
        if (redis != null) {
            redis.stop();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public Object roundTrip() {
        return hub.publish(publication, options).toCompletableFuture().join();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void pipelined() throws InterruptedException {
        inFlight.acquire();
        hub.publish(publication, options).whenComplete((position, error) -> inFlight.release());
    }
}
