package dev.heliograph.live.bench.hub;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.LocalFanOut;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscriber;
import dev.heliograph.live.json.RawJson;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * One publication fanned out to many subscribers of one channel on {@link LocalHub}, against
 * the floor: a plain loop over a {@link CopyOnWriteArrayList} of the same subscribers. Each
 * subscriber does a cheap non-blocking action (increments its own counter). Scores are
 * publications per second; deliveries per second are that times {@link #subscribers}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FanOutBenchmark {

    /** A subscriber whose work is one increment. */
    static final class Counter implements Subscriber, Consumer<Publication> {
        long count;

        @Override
        public void onPublication(Publication publication) {
            count++;
        }

        @Override
        public void accept(Publication publication) {
            count++;
        }
    }

    @Param({"100", "10000"})
    public int subscribers;

    private LocalHub hub;
    private Publication publication;
    private Counter[] counters;
    private final CopyOnWriteArrayList<Consumer<Publication>> floor = new CopyOnWriteArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        hub = new LocalHub();
        // the walk on the publisher's thread: a parallel fan-out would only queue on its lanes, and
        // a throughput loop would then measure the queue (see fanout-latency.sh for the parallel path)
        LocalFanOut local = LocalFanOut.attachTo(hub, 0);
        OrgChannel channel = OrgChannel.of(1, "grafana/broadcast/bench");
        publication = Publication.of(channel, RawJson.parse("{\"value\":42,\"host\":\"web-1\"}"));
        counters = new Counter[subscribers];
        for (int i = 0; i < subscribers; i++) {
            counters[i] = new Counter();
            local.subscribe(channel, counters[i]);
            floor.add(counters[i]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long expectedAtLeastOne = 0;
        for (Counter c : counters) {
            expectedAtLeastOne += c.count > 0 ? 1 : 0;
        }
        if (expectedAtLeastOne != subscribers) {
            throw new IllegalStateException("only " + expectedAtLeastOne + " of " + subscribers + " subscribers received");
        }
        hub.close();
    }

    @Benchmark
    public void localHubPublish() {
        hub.publish(publication);
    }

    @Benchmark
    public void copyOnWriteListFloor() {
        for (Consumer<Publication> c : floor) {
            c.accept(publication);
        }
    }
}
