package dev.heliograph.live.example;

import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.frame.Field;
import dev.heliograph.live.frame.FrameJson;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.stream.StreamContext;
import dev.heliograph.live.stream.StreamHandler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo's {@code plugin/testdata} streams, like Grafana's test data source: a random walk
 * frame ({@code time}, {@code value}) every 2 s on {@code random-2s-stream} and every 50 ms on
 * {@code random-20Hz-stream}, for as long as someone on this node listens. The first frame of a
 * run carries the schema, later ones data only; a subscriber gets a full frame on subscribe.
 *
 * <p>Called by the node: subscribe on connection threads, each run on its own stream thread.
 */
final class RandomWalkStreams implements StreamHandler {
    static final Map<String, Duration> PATHS = Map.of(
            "random-2s-stream", Duration.ofSeconds(2),
            "random-20Hz-stream", Duration.ofMillis(50));

    @Override
    public SubscribeReply subscribeStream(SubscribeEvent event) {
        if (!PATHS.containsKey(event.channel().channel().path())) {
            return SubscribeReply.notFound();
        }
        return SubscribeReply.ok(FrameJson.toRawJson(frame(System.currentTimeMillis(), 0), FrameJson.Include.ALL));
    }

    @Override
    public void runStream(StreamContext context) throws InterruptedException {
        Duration interval = PATHS.get(context.channel().channel().path());
        double value = 0;
        boolean first = true;
        while (!context.awaitCancellation(interval)) {
            value += ThreadLocalRandom.current().nextDouble(-1, 1);
            RawJson json = FrameJson.toRawJson(frame(System.currentTimeMillis(), value),
                    first ? FrameJson.Include.ALL : FrameJson.Include.DATA_ONLY);
            context.sender().sendJson(json);
            first = false;
        }
    }

    @Override
    public PublishReply publishStream(PublishEvent event) {
        return PublishReply.permissionDenied();
    }

    private static DataFrame frame(long timeMillis, double value) {
        return DataFrame.builder()
                .name("random walk")
                .field(Field.time("time").appendTimeMillis(timeMillis))
                .field(Field.float64("value").appendDouble(value))
                .build();
    }
}
