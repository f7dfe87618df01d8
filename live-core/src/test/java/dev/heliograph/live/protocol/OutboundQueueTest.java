package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The outbound queue")
class OutboundQueueTest {

    private final RecordingTransport transport = new RecordingTransport();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private OutboundQueue queue(int limit, int maxMessages, int maxFrameBytes) {
        return new OutboundQueue(transport, failure::set, limit, maxMessages, maxFrameBytes);
    }

    private static OutboundFrame msg(String s) {
        return new OutboundFrame(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("sends a message at once when nothing is in flight, as the same frame, without decoding it")
    void sendsAtOnce() {
        OutboundQueue q = queue(1024, 16, 65536);
        OutboundFrame m = msg("{\"a\":1}");

        assertThat(q.offer(m)).isTrue();

        assertThat(transport.frames()).containsExactly("{\"a\":1}");
        assertThat(transport.frame(0)).isSameAs(m);
        assertThat(m.isDecoded()).as("decoded although no transport asked for text").isFalse();
    }

    @Test
    @DisplayName("hands a message that leaves alone over as is, and a joined frame as a new frame")
    void aloneIsSharedJoinedIsNew() {
        OutboundQueue q = queue(1024, 16, 65536);
        transport.stall();
        OutboundFrame first = msg("1");
        OutboundFrame second = msg("2");
        OutboundFrame third = msg("3");
        q.offer(first);
        q.offer(second);
        q.offer(third);

        transport.completeSends();

        assertThat(transport.frame(0)).isSameAs(first);
        assertThat(transport.frame(1)).isNotIn(first, second, third);
        assertThat(transport.frame(1).text()).isEqualTo("2\n3");
        assertThat(transport.frame(1).length()).isEqualTo(3);
    }

    @Test
    @DisplayName("joins what queued during a send into one newline-separated frame")
    void joinsWhileInFlight() {
        OutboundQueue q = queue(1024, 16, 65536);
        transport.stall();
        q.offer(msg("1"));
        q.offer(msg("2"));
        q.offer(msg("3"));

        transport.completeSends();

        assertThat(transport.frames()).containsExactly("1", "2\n3");
        assertThat(transport.maxInFlight()).isEqualTo(1);
    }

    @Test
    @DisplayName("caps a joined frame at the message count and byte limits")
    void capsFrames() {
        OutboundQueue q = queue(1 << 20, 3, 300);
        transport.stall();
        q.offer(msg("first"));
        for (int i = 0; i < 7; i++) {
            q.offer(msg("m" + i));
        }
        q.offer(msg("x".repeat(298)));
        q.offer(msg("y".repeat(400)));
        q.offer(msg("z"));

        transport.completeSends();

        assertThat(transport.frames())
                .containsExactly("first", "m0\nm1\nm2", "m3\nm4\nm5", "m6", "x".repeat(298), "y".repeat(400), "z");
    }

    @Test
    @DisplayName("refuses a message that would go over the byte limit and keeps what it has")
    void refusesOverLimit() {
        OutboundQueue q = queue(10, 16, 65536);
        transport.stall();
        assertThat(q.offer(msg("in-flight"))).isTrue(); // not counted once handed to the transport
        assertThat(q.offer(msg("123456"))).isTrue();
        assertThat(q.offer(msg("12345"))).isFalse();
        assertThat(q.queuedBytes()).isEqualTo(6);

        transport.completeSends();

        assertThat(transport.frames()).containsExactly("in-flight", "123456");
    }

    @Test
    @DisplayName("holds messages while corked and sends them as one frame when uncorked")
    void corks() {
        OutboundQueue q = queue(1024, 16, 65536);
        q.cork();
        q.offer(msg("a"));
        q.offer(msg("b"));
        assertThat(transport.frameCount()).isZero();

        q.uncork();

        assertThat(transport.frames()).containsExactly("a\nb");
    }

    @Test
    @DisplayName("reports a failed send once and drops what is queued")
    void reportsFailure() {
        OutboundQueue q = queue(1024, 16, 65536);
        transport.stall();
        q.offer(msg("a"));
        q.offer(msg("b"));
        IOException broken = new IOException("broken pipe");

        transport.failSend(broken);

        assertThat(failure.get()).isSameAs(broken);
        assertThat(q.queuedBytes()).isZero();
        q.offer(msg("c"));
        assertThat(transport.frames()).containsExactly("a");
    }

    @Test
    @DisplayName("drops everything after close")
    void dropsAfterClose() {
        OutboundQueue q = queue(1024, 16, 65536);
        transport.stall();
        q.offer(msg("a"));
        q.offer(msg("b"));

        q.close();
        transport.completeSends();

        assertThat(q.offer(msg("c"))).isTrue();
        assertThat(transport.frames()).containsExactly("a");
    }

    @Test
    @DisplayName("delivers every message exactly once, in order per producer, with one send in flight, under concurrency")
    void concurrentProducers() throws Exception {
        AsyncTransport async = new AsyncTransport();
        OutboundQueue q = new OutboundQueue(async, failure::set, 1 << 24, 16, 65536);
        int producers = 4;
        int perProducer = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        CountDownLatch start = new CountDownLatch(1);
        for (int p = 0; p < producers; p++) {
            int id = p;
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < perProducer; i++) {
                    q.offer(msg(id + ":" + i));
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> async.messages().size() == producers * perProducer);

        List<String> received = async.messages();
        for (int p = 0; p < producers; p++) {
            String prefix = p + ":";
            List<Integer> seq = new ArrayList<>();
            for (String m : received) {
                if (m.startsWith(prefix)) {
                    seq.add(Integer.parseInt(m.substring(prefix.length())));
                }
            }
            assertThat(seq).hasSize(perProducer).isSorted();
        }
        assertThat(async.maxInFlight()).isEqualTo(1);
        async.close(1000, "done");
    }

    /** Completes sends on another thread, checking that no two are in flight. */
    private static final class AsyncTransport implements Transport {
        private final ExecutorService completer = Executors.newSingleThreadExecutor();
        private final List<String> messages = new ArrayList<>();
        private int inFlight;
        private int maxInFlight;

        @Override
        public void sendText(OutboundFrame frame, SendCallback done) {
            synchronized (this) {
                inFlight++;
                maxInFlight = Math.max(maxInFlight, inFlight);
                messages.addAll(List.of(frame.text().split("\n")));
            }
            completer.execute(() -> {
                synchronized (this) {
                    inFlight--;
                }
                done.completed(null);
            });
        }

        synchronized List<String> messages() {
            return new ArrayList<>(messages);
        }

        synchronized int maxInFlight() {
            return maxInFlight;
        }

        @Override
        public void close(int code, String reason) {
            completer.shutdown();
        }
    }
}
