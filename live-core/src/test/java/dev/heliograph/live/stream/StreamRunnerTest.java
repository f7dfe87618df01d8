package dev.heliograph.live.stream;

import static dev.heliograph.live.testing.Users.EDITOR;
import static dev.heliograph.live.testing.Users.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.SubscribeOutcome;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.handler.HandlerStatus;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.testing.CountingHub;
import dev.heliograph.live.testing.Hubs;
import dev.heliograph.live.testing.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("data-source and plugin streams")
class StreamRunnerTest {
    private static final Duration CHECK = Duration.ofMillis(40);
    private static final OrgChannel CHANNEL = OrgChannel.of(1, "ds/metrics-uid/cpu");

    private final Hub realHub = Hubs.fresh();
    private final CountingHub hub = new CountingHub(realHub);
    private LiveNode node;

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
        realHub.close();
    }

    /** What one run of a scripted stream should do. */
    @FunctionalInterface
    interface Body {
        void run(StreamContext ctx, int call) throws Exception;
    }

    /** A stream handler that runs {@link Body} and records every run's start, end and context. */
    static final class ScriptedStream implements StreamHandler {
        final Body body;
        final List<Long> starts = new CopyOnWriteArrayList<>();
        final List<StreamContext> contexts = new CopyOnWriteArrayList<>();
        final AtomicInteger ended = new AtomicInteger();
        volatile HandlerStatus subscribeStatus = HandlerStatus.OK;

        ScriptedStream(Body body) {
            this.body = body;
        }

        @Override
        public SubscribeReply subscribeStream(SubscribeEvent event) {
            return new SubscribeReply(subscribeStatus, RawJson.parse("{\"first\":true}"), false, false);
        }

        @Override
        public void runStream(StreamContext ctx) throws Exception {
            starts.add(System.nanoTime());
            contexts.add(ctx);
            try {
                body.run(ctx, starts.size());
            } finally {
                ended.incrementAndGet();
            }
        }

        @Override
        public PublishReply publishStream(PublishEvent event) {
            return PublishReply.ok(RawJson.parse("{\"echo\":" + event.data() + "}"));
        }

        int calls() {
            return starts.size();
        }
    }

    private void start(ScriptedStream stream, StreamTimings timings) {
        node = LiveNode.builder().hub(hub).streamHandler("ds", "metrics-uid", stream).streamTimings(timings).build();
    }

    private static StreamTimings.Builder fastChecks() {
        return StreamTimings.builder().checkInterval(CHECK);
    }

    private static void untilCancelled(StreamContext ctx, int call) throws InterruptedException {
        while (!ctx.awaitCancellation(Duration.ofSeconds(30))) {
            // keep waiting
        }
    }

    @Test
    void the_first_subscriber_starts_one_run_with_its_user_and_data_and_later_subscribers_join_it() {
        ScriptedStream stream = new ScriptedStream(StreamRunnerTest::untilCancelled);
        start(stream, fastChecks().build());

        SubscribeOutcome first = node.subscribe(VIEWER, CHANNEL, RawJson.parse("{\"q\":1}"), new Recorder());
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.calls() == 1);
        node.subscribe(EDITOR, CHANNEL, RawJson.parse("{\"q\":2}"), new Recorder());
        node.subscribe(EDITOR, CHANNEL, null, new Recorder());

        assertThat(first.reply().initialData()).hasToString("{\"first\":true}");
        await().during(Duration.ofMillis(4 * CHECK.toMillis())).atMost(Duration.ofSeconds(5)).until(() -> stream.calls() == 1);
        StreamContext ctx = stream.contexts.get(0);
        assertThat(ctx.user()).isEqualTo(VIEWER);
        assertThat(ctx.data()).hasToString("{\"q\":1}");
        assertThat(ctx.channel()).isEqualTo(CHANNEL);
        assertThat(ctx.isCancelled()).isFalse();
    }

    @Test
    void subscribers_arriving_at_the_same_moment_start_a_single_run() throws Exception {
        ScriptedStream stream = new ScriptedStream(StreamRunnerTest::untilCancelled);
        start(stream, fastChecks().build());
        int clients = 8;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(clients);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        try {
            List<java.util.concurrent.Future<SubscribeOutcome>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < clients; i++) {
                outcomes.add(pool.submit(() -> {
                    together.await();
                    return node.subscribe(VIEWER, CHANNEL, null, new Recorder());
                }));
            }
            for (var f : outcomes) {
                assertThat(f.get().reply().isOk()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        await().during(Duration.ofMillis(3 * CHECK.toMillis())).atMost(Duration.ofSeconds(5)).until(() -> stream.calls() == 1);
        assertThat(node.localSubscribers().count(CHANNEL)).isEqualTo(clients);
    }

    @Test
    void a_refused_subscriber_starts_nothing() {
        ScriptedStream stream = new ScriptedStream(StreamRunnerTest::untilCancelled);
        stream.subscribeStatus = HandlerStatus.PERMISSION_DENIED;
        start(stream, fastChecks().build());

        SubscribeOutcome outcome = node.subscribe(VIEWER, CHANNEL, null, new Recorder());

        assertThat(outcome.reply().status()).isEqualTo(HandlerStatus.PERMISSION_DENIED);
        await().during(Duration.ofMillis(3 * CHECK.toMillis())).atMost(Duration.ofSeconds(5)).until(() -> stream.calls() == 0);
    }

    @Test
    void output_goes_to_this_nodes_subscribers_only() {
        ScriptedStream stream = new ScriptedStream((ctx, call) -> {
            ctx.sender().sendJson(RawJson.parse("{\"v\":1}"));
            ctx.sender().sendBytes("{\"v\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            untilCancelled(ctx, call);
        });
        start(stream, fastChecks().build());
        Recorder r = new Recorder();

        node.subscribe(VIEWER, CHANNEL, null, r);

        await().atMost(Duration.ofSeconds(5)).until(() -> r.data().size() == 2);
        assertThat(r.data()).containsExactly("{\"v\":1}", "{\"v\":2}");
        assertThat(hub.published()).as("stream output never reaches the engine").isZero();
    }

    @Test
    void bytes_that_are_not_json_are_refused_and_nothing_is_sent() {
        AtomicInteger refused = new AtomicInteger();
        ScriptedStream stream = new ScriptedStream((ctx, call) -> {
            try {
                ctx.sender().sendBytes(new byte[] {'n', 'o', 'p', 'e'});
            } catch (RawJson.InvalidJsonException e) {
                refused.incrementAndGet();
            }
            untilCancelled(ctx, call);
        });
        start(stream, fastChecks().build());

        Recorder r = new Recorder();
        node.subscribe(VIEWER, CHANNEL, null, r);

        await().atMost(Duration.ofSeconds(5)).until(() -> refused.get() == 1);
        assertThat(r.data()).isEmpty();
        assertThat(hub.published()).isZero();
    }

    @Test
    void a_run_is_cancelled_after_three_checks_in_a_row_without_local_subscribers() {
        ScriptedStream stream = new ScriptedStream(StreamRunnerTest::untilCancelled);
        start(stream, fastChecks().zeroChecksToStop(3).build());
        SubscribeOutcome only = node.subscribe(VIEWER, CHANNEL, null, new Recorder());
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.calls() == 1);

        long left = System.nanoTime();
        only.subscription().close();
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.ended.get() == 1);
        long tookMillis = (System.nanoTime() - left) / 1_000_000;

        assertThat(stream.contexts.get(0).isCancelled()).isTrue();
        assertThat(tookMillis).as("three zero checks take at least two check intervals").isGreaterThanOrEqualTo(2 * CHECK.toMillis());
        assertThat(stream.calls()).isEqualTo(1);
    }

    @Test
    void a_subscriber_who_leaves_and_comes_back_between_checks_keeps_the_same_run() {
        ScriptedStream stream = new ScriptedStream(StreamRunnerTest::untilCancelled);
        start(stream, fastChecks().zeroChecksToStop(3).build());
        SubscribeOutcome first = node.subscribe(VIEWER, CHANNEL, null, new Recorder());
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.calls() == 1);

        first.subscription().close();
        node.subscribe(VIEWER, CHANNEL, null, new Recorder());

        await().during(Duration.ofMillis(5 * CHECK.toMillis())).atMost(Duration.ofSeconds(5))
                .until(() -> stream.calls() == 1 && stream.ended.get() == 0);
    }

    @Test
    void a_new_subscriber_after_cancellation_starts_a_new_run() {
        ScriptedStream stream = new ScriptedStream(StreamRunnerTest::untilCancelled);
        start(stream, fastChecks().zeroChecksToStop(1).build());
        node.subscribe(VIEWER, CHANNEL, null, new Recorder()).subscription().close();
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.ended.get() == 1);

        node.subscribe(EDITOR, CHANNEL, null, new Recorder());

        await().atMost(Duration.ofSeconds(5)).until(() -> stream.calls() == 2);
        assertThat(stream.contexts.get(1).user()).isEqualTo(EDITOR);
        assertThat(stream.contexts.get(1).isCancelled()).isFalse();
    }

    @Test
    void a_run_that_fails_quickly_is_restarted_after_doubling_delays_up_to_the_cap() {
        ScriptedStream stream = new ScriptedStream((ctx, call) -> {
            throw new IllegalStateException("backend refused, call " + call);
        });
        Duration base = Duration.ofMillis(25);
        start(stream, fastChecks()
                .quickFailure(Duration.ofSeconds(30))
                .restartBackoff(base)
                .maxRestartBackoff(Duration.ofMillis(100))
                .build());

        node.subscribe(VIEWER, CHANNEL, null, new Recorder());
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.calls() >= 6);

        List<Long> starts = List.copyOf(stream.starts);
        long[] expectedMinGapMillis = {25, 50, 100, 100, 100};
        for (int i = 0; i < expectedMinGapMillis.length; i++) {
            long gap = (starts.get(i + 1) - starts.get(i)) / 1_000_000;
            assertThat(gap).as("gap before restart %d", i + 1).isGreaterThanOrEqualTo(expectedMinGapMillis[i]);
        }
    }

    @Test
    void a_run_that_failed_after_running_long_enough_is_restarted_at_once() {
        ScriptedStream stream = new ScriptedStream((ctx, call) -> {
            ctx.awaitCancellation(Duration.ofMillis(30));
            throw new IllegalStateException("connection lost");
        });
        // a quick failure would wait an hour: three runs prove the restarts were immediate
        start(stream, fastChecks()
                .quickFailure(Duration.ofMillis(20))
                .restartBackoff(Duration.ofHours(1))
                .maxRestartBackoff(Duration.ofHours(1))
                .build());

        node.subscribe(VIEWER, CHANNEL, null, new Recorder());

        await().atMost(Duration.ofSeconds(10)).until(() -> stream.calls() >= 3);
    }

    @Test
    void a_run_waiting_to_restart_is_cancelled_when_its_subscribers_are_gone() {
        ScriptedStream stream = new ScriptedStream((ctx, call) -> {
            throw new IllegalStateException("always failing");
        });
        start(stream, fastChecks()
                .zeroChecksToStop(1)
                .quickFailure(Duration.ofSeconds(30))
                .restartBackoff(Duration.ofHours(1))
                .maxRestartBackoff(Duration.ofHours(1))
                .build());
        SubscribeOutcome only = node.subscribe(VIEWER, CHANNEL, null, new Recorder());
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.ended.get() == 1);

        only.subscription().close();
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.contexts.get(0).isCancelled());
        node.subscribe(EDITOR, CHANNEL, null, new Recorder());

        await().atMost(Duration.ofSeconds(5)).until(() -> stream.calls() == 2);
    }

    @Test
    void a_run_that_returns_normally_stops_the_stream_until_a_new_subscriber_comes() {
        ScriptedStream stream = new ScriptedStream((ctx, call) -> ctx.sender().sendJson(RawJson.parse("\"done\"")));
        start(stream, fastChecks().quickFailure(Duration.ofSeconds(30)).build());
        Recorder r = new Recorder();

        node.subscribe(VIEWER, CHANNEL, null, r);

        await().atMost(Duration.ofSeconds(5)).until(() -> stream.ended.get() == 1);
        await().during(Duration.ofMillis(4 * CHECK.toMillis())).atMost(Duration.ofSeconds(5)).until(() -> stream.calls() == 1);
        assertThat(r.data()).containsExactly("\"done\"");
        node.subscribe(EDITOR, CHANNEL, null, new Recorder());
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.calls() == 2);
    }

    @Test
    void closing_the_node_cancels_running_streams_and_waits_for_them() {
        ScriptedStream stream = new ScriptedStream((ctx, call) -> Thread.sleep(Duration.ofMinutes(5).toMillis()));
        start(stream, fastChecks().build());
        node.subscribe(VIEWER, CHANNEL, null, new Recorder());
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.calls() == 1);

        node.close();

        assertThat(stream.ended).hasValue(1);
        assertThat(stream.contexts.get(0).isCancelled()).isTrue();
    }

    @Test
    void each_channel_has_its_own_run() {
        ScriptedStream stream = new ScriptedStream(StreamRunnerTest::untilCancelled);
        start(stream, fastChecks().build());

        node.subscribe(VIEWER, CHANNEL, null, new Recorder());
        node.subscribe(VIEWER, OrgChannel.of(1, "ds/metrics-uid/mem"), null, new Recorder());
        node.subscribe(VIEWER, OrgChannel.of(2, "ds/metrics-uid/cpu"), null, new Recorder());

        await().atMost(Duration.ofSeconds(5)).until(() -> stream.calls() == 3);
        assertThat(stream.contexts).extracting(StreamContext::channel).containsExactlyInAnyOrder(
                CHANNEL, OrgChannel.of(1, "ds/metrics-uid/mem"), OrgChannel.of(2, "ds/metrics-uid/cpu"));
    }

    @Test
    void a_client_publish_the_stream_handler_allows_goes_to_every_node() {
        ScriptedStream stream = new ScriptedStream(StreamRunnerTest::untilCancelled);
        start(stream, fastChecks().build());
        Recorder r = new Recorder();
        node.subscribe(VIEWER, CHANNEL, null, r);

        PublishReply reply = node.publish(VIEWER, CHANNEL, RawJson.parse("7"), null).toCompletableFuture().join();

        assertThat(reply.isOk()).isTrue();
        assertThat(r.data()).containsExactly("{\"echo\":7}");
        assertThat(hub.published()).isEqualTo(1);
    }
}
