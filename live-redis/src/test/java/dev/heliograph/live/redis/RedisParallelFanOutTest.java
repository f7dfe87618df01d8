package dev.heliograph.live.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.LocalFanOut;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A big channel on a Redis node: the PUB/SUB listener thread only queues each publication on the
 * node's fan-out lanes, which deliver it to their shards in order. A real redis-server.
 */
@DisplayName("RedisHub hands a big channel's publications to the fan-out lanes")
class RedisParallelFanOutTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static final int SUBSCRIBERS = 12;
    private static final int PUBLICATIONS = 100;

    @Test
    @DisplayName("every subscriber receives every publication in order, on a lane thread, not on the listener thread")
    void bigChannelIsDeliveredOnTheLanes() {
        OrgChannel channel = OrgChannel.of(1, "grafana/broadcast/parallel");
        try (RedisHub hub = RedisHub.builder().address(redis.address()).prefix("parallel-fanout").build()) {
            LocalFanOut local = LocalFanOut.attachTo(hub, 4);
            List<List<String>> received = new ArrayList<>();
            List<String> threads = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < SUBSCRIBERS; i++) {
                List<String> inbox = Collections.synchronizedList(new ArrayList<>());
                received.add(inbox);
                local.subscribe(channel, p -> {
                    threads.add(Thread.currentThread().getName());
                    inbox.add(p.data().toString());
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.isListening(channel));

            CompletableFuture<?> last = null;
            for (int n = 0; n < PUBLICATIONS; n++) {
                last = hub.publish(Publication.of(channel, RawJson.parse("{\"n\":" + n + "}"))).toCompletableFuture();
            }
            last.join();

            List<String> expected = IntStream.range(0, PUBLICATIONS).mapToObj(n -> "{\"n\":" + n + "}").toList();
            await().atMost(Duration.ofSeconds(30)).until(() -> received.stream().allMatch(r -> r.size() >= PUBLICATIONS));
            assertThat(received).allSatisfy(r -> assertThat(List.copyOf(r)).isEqualTo(expected));
            assertThat(List.copyOf(threads)).allMatch(name -> name.startsWith("heliograph-live-fanout-"), "a lane thread");
        }
    }
}
