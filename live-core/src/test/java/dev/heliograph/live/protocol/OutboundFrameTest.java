package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An outbound frame")
class OutboundFrameTest {

    private static final String JSON = "{\"push\":{\"channel\":\"1/a/b/c\",\"pub\":{\"data\":\"h\u00e9llo \u2603 \uD83D\uDE00\"}}}";

    private static OutboundFrame frame(String text) {
        return new OutboundFrame(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("decodes its UTF-8 bytes, multi-byte characters included, only when asked")
    void decodesLazily() {
        OutboundFrame f = frame(JSON);

        assertThat(f.isDecoded()).isFalse();
        assertThat(f.text()).isEqualTo(JSON);
        assertThat(f.isDecoded()).isTrue();
        assertThat(f.length()).isEqualTo(JSON.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(JSON.length());
    }

    @Test
    @DisplayName("returns the same String instance to every caller")
    void sameStringEveryCall() {
        OutboundFrame f = frame(JSON);

        assertThat(f.text()).isSameAs(f.text());
    }

    @Test
    @DisplayName("returns one String instance to callers racing on many threads")
    void sameStringUnderRace() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                OutboundFrame f = frame(JSON + round);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return f.text();
                    }));
                }
                start.countDown();
                Set<String> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
                for (Future<String> r : results) {
                    distinct.add(r.get(10, TimeUnit.SECONDS));
                }
                assertThat(distinct).as("String instances in round " + round).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("gives each caller its own read-only view of the bytes")
    void readOnlyViews() {
        OutboundFrame f = frame("{\"a\":1}");
        ByteBuffer first = f.utf8();
        first.get();

        ByteBuffer second = f.utf8();

        assertThat(second.position()).isZero();
        assertThat(second.remaining()).isEqualTo(f.length());
        assertThat(StandardCharsets.UTF_8.decode(second).toString()).isEqualTo("{\"a\":1}");
        assertThatThrownBy(() -> f.utf8().put((byte) 'x')).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(f.isDecoded()).isFalse();
    }

    @Test
    @DisplayName("built from text, holds its UTF-8 bytes and decodes them back only when asked")
    void ofText() {
        OutboundFrame f = OutboundFrame.ofText(JSON);

        assertThat(f.bytes()).isEqualTo(JSON.getBytes(StandardCharsets.UTF_8));
        assertThat(f.isDecoded()).isFalse();
        assertThat(f.text()).isEqualTo(JSON);
        assertThatThrownBy(() -> OutboundFrame.ofText(null)).isInstanceOf(NullPointerException.class).hasMessage("text");
    }

    @Test
    @DisplayName("a wide frame shares one off-heap copy of its bytes, a read-only view per caller")
    void wideFrameOffHeap() {
        OutboundFrame f = OutboundFrame.ofWideText(JSON);
        ByteBuffer first = f.offHeap();
        first.get();

        ByteBuffer second = f.offHeap();

        assertThat(f.wide()).isTrue();
        assertThat(second.isDirect()).isTrue();
        assertThat(second.position()).isZero();
        byte[] copy = new byte[second.remaining()];
        second.get(copy);
        assertThat(copy).isEqualTo(JSON.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> f.offHeap().put((byte) 'x')).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(OutboundFrame.ofText(JSON).wide()).isFalse();
    }

    @Test
    @DisplayName("a push is wide only for a publication the fan-out hands to many local subscribers")
    void pushIsWideForBigFanOuts() {
        dev.heliograph.live.channel.OrgChannel few = dev.heliograph.live.channel.OrgChannel.of(1, "grafana/broadcast/few");
        dev.heliograph.live.channel.OrgChannel many = dev.heliograph.live.channel.OrgChannel.of(1, "grafana/broadcast/many");
        dev.heliograph.live.hub.LocalFanOut fanOut = dev.heliograph.live.hub.LocalFanOut.attachTo(new dev.heliograph.live.hub.LocalHub());
        List<Boolean> wide = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < OutboundFrame.WIDE_FAN_OUT - 1; i++) {
            fanOut.subscribe(few, p -> wide.add(PushEncoder.encode(p).wide()));
        }
        for (int i = 0; i < OutboundFrame.WIDE_FAN_OUT; i++) {
            fanOut.subscribe(many, p -> wide.add(PushEncoder.encode(p).wide()));
        }
        dev.heliograph.live.json.RawJson data = dev.heliograph.live.json.RawJson.parse("{}");

        fanOut.dispatch(dev.heliograph.live.hub.Publication.of(few, data));
        assertThat(wide).hasSize(OutboundFrame.WIDE_FAN_OUT - 1).containsOnly(false);
        wide.clear();
        fanOut.dispatch(dev.heliograph.live.hub.Publication.of(many, data));
        assertThat(wide).hasSize(OutboundFrame.WIDE_FAN_OUT).containsOnly(true);
        assertThat(PushEncoder.encode(dev.heliograph.live.hub.Publication.of(many, data)).wide())
                .as("not dispatched: fan-out unknown").isFalse();
    }
}
