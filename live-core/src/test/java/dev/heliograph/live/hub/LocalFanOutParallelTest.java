package dev.heliograph.live.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The parallel fan-out of big channels: from {@link #THRESHOLD} subscribers a channel's
 * publications are queued on {@link #LANES} lanes, one shard of subscribers each. Every promise of
 * the sequential path must hold there too: per-subscriber order, nothing after close, a throwing
 * subscriber skipped, positioned channels recovered in order.
 */
@DisplayName("LocalFanOut on a big channel fans out in parallel on its lanes")
class LocalFanOutParallelTest {

    private static final int THRESHOLD = 4;
    private static final int LANES = 3;
    private static final String LANE_THREAD = "heliograph-live-fanout-";

    private final LocalFanOut local = new LocalFanOut(c -> {}, c -> {}, null, THRESHOLD, LANES);

    @AfterEach
    void close() {
        local.close();
    }

    private static OrgChannel channel(String name) {
        return OrgChannel.of(1, "grafana/broadcast/" + name);
    }

    private static Publication publication(OrgChannel channel, String text) {
        return Publication.of(channel, RawJson.parse("\"" + text + "\""));
    }

    /** Records what it receives and on which threads; called by one lane at a time. */
    private static final class Sink implements Subscriber {
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onPublication(Publication publication) {
            threads.add(Thread.currentThread().getName());
            received.add(publication.data().toString());
        }
    }

    @Test
    @DisplayName("a channel below the threshold is still delivered on the caller's thread, before dispatch returns")
    void smallChannelStaysOnTheCallersThread() {
        OrgChannel ch = channel("small");
        Sink sink = new Sink();
        for (int i = 0; i < THRESHOLD - 1; i++) {
            local.subscribe(ch, i == 0 ? sink : p -> {});
        }

        local.dispatch(publication(ch, "x"));

        assertThat(sink.received).containsExactly("\"x\"");
        assertThat(sink.threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    @DisplayName("concurrent publishers on many big channels: each subscriber gets everything, off the caller's thread, "
            + "in one order per channel shared by all its subscribers")
    void orderPerSubscriberUnderConcurrentPublishers() throws Exception {
        int channels = 6;
        int perChannel = 10;
        int publishers = 4;
        int perPublisher = 200;
        List<List<Sink>> sinks = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            List<Sink> ofChannel = new ArrayList<>();
            for (int s = 0; s < perChannel; s++) {
                Sink sink = new Sink();
                local.subscribe(channel("order-" + c), sink);
                ofChannel.add(sink);
            }
            sinks.add(ofChannel);
        }

        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int n = 0; n < perPublisher; n++) {
                    for (int c = 0; c < channels; c++) {
                        local.dispatch(publication(channel("order-" + c), publisher + ":" + n));
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }

        int expected = publishers * perPublisher;
        await().atMost(Duration.ofSeconds(30)).until(() -> sinks.stream().flatMap(List::stream)
                .allMatch(s -> s.received.size() == expected));
        for (List<Sink> ofChannel : sinks) {
            List<String> first = List.copyOf(ofChannel.get(0).received);
            for (Sink sink : ofChannel) {
                List<String> got = List.copyOf(sink.received);
                assertThat(got).isEqualTo(first);
                for (int p = 0; p < publishers; p++) {
                    String prefix = "\"" + p + ":";
                    List<Integer> ofPublisher = got.stream().filter(s -> s.startsWith(prefix))
                            .map(s -> Integer.parseInt(s.substring(prefix.length(), s.length() - 1))).toList();
                    assertThat(ofPublisher).isEqualTo(IntStream.range(0, perPublisher).boxed().toList());
                }
                assertThat(sink.threads).allMatch(name -> name.startsWith(LANE_THREAD));
                assertThat(sink.threads.stream().distinct().count()).as("a subscriber stays on its lane").isEqualTo(1);
            }
        }
        long lanesUsed = sinks.stream().flatMap(List::stream).map(s -> s.threads.get(0)).distinct().count();
        assertThat(lanesUsed).isEqualTo(LANES);
    }

    @Test
    @DisplayName("a subscription closed while its shard is being dispatched receives nothing once close returned")
    void subscriptionCloseWaitsForTheRunningShard() throws Exception {
        OrgChannel ch = channel("close-one");
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger blockerCalls = new AtomicInteger();
        // lanes are handed out round-robin: subscribers 0 and LANES share lane 0, blocker first
        local.subscribe(ch, p -> {
            if (blockerCalls.incrementAndGet() == 1) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        for (int i = 1; i < LANES; i++) {
            local.subscribe(ch, p -> {});
        }
        Sink closed = new Sink();
        Subscription subscription = local.subscribe(ch, closed);
        for (int i = 0; i < 20; i++) {
            local.dispatch(publication(ch, "p" + i));
        }
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean closeReturned = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            subscription.close();
            closeReturned.set(true);
        });
        closer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> closer.getState() == Thread.State.WAITING);
        assertThat(closeReturned).as("close waits for the shard task running on lane 0").isFalse();
        release.countDown();
        closer.join(10_000);

        assertThat(closeReturned).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> blockerCalls.get() == 20);
        assertThat(closed.received).isEmpty();
        assertThat(local.count(ch)).isEqualTo(LANES);
    }

    @Test
    @DisplayName("closing the fan-out while shards are queued delivers nothing afterwards and stops the lanes")
    void closeDuringDispatchDeliversNothingAfter() throws Exception {
        OrgChannel ch = channel("close-all");
        CountDownLatch blocked = new CountDownLatch(LANES);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean closeReturned = new AtomicBoolean();
        AtomicInteger afterClose = new AtomicInteger();
        AtomicInteger blockerCalls = new AtomicInteger();
        // the first LANES subscribers are the first of each lane's shard: each stops its lane in the first publication
        for (int i = 0; i < LANES; i++) {
            local.subscribe(ch, p -> {
                if (closeReturned.get()) {
                    afterClose.incrementAndGet();
                }
                blockerCalls.incrementAndGet();
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        List<Sink> others = new ArrayList<>();
        for (int i = 0; i < LANES; i++) {
            Sink sink = new Sink();
            others.add(sink);
            local.subscribe(ch, sink);
        }
        for (int i = 0; i < 50; i++) {
            local.dispatch(publication(ch, "p" + i));
        }
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

        local.close();
        closeReturned.set(true);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(local::lanesTerminated);

        assertThat(blockerCalls).hasValue(LANES);
        assertThat(afterClose).hasValue(0);
        assertThat(others).allMatch(s -> s.received.isEmpty());
        local.dispatch(publication(ch, "late"));
        assertThat(others).allMatch(s -> s.received.isEmpty());
    }

    @Test
    @DisplayName("a subscriber that throws is skipped; the others of its shard and of every other shard still receive")
    void throwingSubscriberIsIsolated() {
        OrgChannel ch = channel("throws");
        List<Sink> sinks = new ArrayList<>();
        try (LogCapture log = new LogCapture(LocalFanOut.class)) {
            local.subscribe(ch, p -> {
                throw new IllegalStateException("boom");
            });
            for (int i = 1; i < 3 * LANES; i++) {
                Sink sink = new Sink();
                sinks.add(sink);
                local.subscribe(ch, sink);
            }
            for (int i = 0; i < 5; i++) {
                local.dispatch(publication(ch, "p" + i));
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> sinks.stream().allMatch(s -> s.received.size() == 5));
            assertThat(sinks).allMatch(s -> s.received.equals(List.of("\"p0\"", "\"p1\"", "\"p2\"", "\"p3\"", "\"p4\"")));
            await().atMost(Duration.ofSeconds(10)).until(() -> log.messages().stream().filter(m -> m.contains("threw")).count() >= 5);
        }
    }

    @Test
    @DisplayName("a big positioned channel recovers a gap from history and every subscriber gets each offset once, in order")
    void bigPositionedChannelRecoversInOrder() {
        OrgChannel ch = channel("recover");
        HistoryOptions keep = HistoryOptions.of(100, Duration.ofMinutes(1));
        LocalFanOutRecoveryTest.CuttableHub hub = new LocalFanOutRecoveryTest.CuttableHub(new LocalHub());
        LocalFanOut positioned = new LocalFanOut(hub::listen, hub::unlisten, hub, THRESHOLD, LANES);
        hub.attach(positioned);
        try {
            List<List<Long>> offsets = new ArrayList<>();
            for (int i = 0; i < 2 * LANES + 1; i++) {
                List<Long> got = Collections.synchronizedList(new ArrayList<>());
                offsets.add(got);
                positioned.subscribe(ch, p -> got.add(p.position().offset()));
            }
            java.util.function.IntConsumer publish = n -> hub.publish(publication(ch, "n" + n), keep).toCompletableFuture().join();
            for (int i = 1; i <= 3; i++) {
                publish.accept(i);
            }
            hub.cut = true;
            for (int i = 4; i <= 23; i++) {
                publish.accept(i);
            }
            hub.cut = false;
            publish.accept(24); // a gap: recovered from history before 24 goes out
            hub.resubscribed(ch);
            publish.accept(25);

            List<Long> all = LongStream.rangeClosed(1, 25).boxed().toList();
            await().atMost(Duration.ofSeconds(10)).until(() -> offsets.stream().allMatch(o -> o.size() >= all.size()));
            assertThat(offsets).allSatisfy(o -> assertThat(List.copyOf(o)).isEqualTo(all));
        } finally {
            hub.close();
        }
    }

    @Test
    @DisplayName("a threshold below 0 is refused with the value")
    void negativeThresholdIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LocalFanOut(c -> {}, c -> {}, null, -1, LANES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
