package dev.heliograph.live;

import static dev.heliograph.live.testing.Users.EDITOR;
import static dev.heliograph.live.testing.Users.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.handler.ChannelHandler;
import dev.heliograph.live.handler.HandlerStatus;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.testing.CountingHub;
import dev.heliograph.live.testing.Hubs;
import dev.heliograph.live.testing.LogCapture;
import dev.heliograph.live.testing.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("LiveNode")
class LiveNodeTest {
    private final Hub hub = Hubs.fresh();
    private LiveNode node;

    @AfterEach
    void closeAll() {
        if (node != null) {
            node.close();
        }
        hub.close();
    }

    private static OrgChannel ch(String channel) {
        return OrgChannel.of(1, channel);
    }

    private static RawJson json(String json) {
        return RawJson.parse(json);
    }

    /** A host handler that allows everything and tags published messages. */
    private static final class TaggingHandler implements ChannelHandler {
        final AtomicInteger subscribes = new AtomicInteger();

        @Override
        public SubscribeReply onSubscribe(SubscribeEvent event) {
            subscribes.incrementAndGet();
            return SubscribeReply.ok(json("{\"hello\":\"" + event.user().login() + "\"}"));
        }

        @Override
        public PublishReply onPublish(PublishEvent event) {
            return PublishReply.ok(json("{\"by\":\"" + event.user().login() + "\",\"msg\":" + event.data() + "}"));
        }
    }

    @Nested
    @DisplayName("resolves channels to handlers")
    class Resolution {

        @Test
        void an_unknown_scope_is_answered_not_found_and_nothing_is_subscribed() {
            node = LiveNode.builder().hub(hub).build();
            Recorder r = new Recorder();

            SubscribeOutcome outcome = node.subscribe(VIEWER, ch("nowhere/ns/path"), null, r);

            assertThat(outcome.reply().status()).isEqualTo(HandlerStatus.NOT_FOUND);
            assertThat(outcome.subscription()).isNull();
            assertThat(node.localSubscribers().count(ch("nowhere/ns/path"))).isZero();
        }

        @Test
        void an_unknown_scope_or_feature_is_logged_at_debug_naming_it() {
            node = LiveNode.builder().hub(hub).build();
            try (LogCapture log = new LogCapture(LiveNode.class)) {
                node.subscribe(VIEWER, ch("nowhere/ns/path"), null, new Recorder());
                node.publish(VIEWER, ch("grafana/nosuchfeature/x"), json("{}"), null);

                assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("nowhere/ns").contains("1/nowhere/ns/path"));
                assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("grafana/nosuchfeature"));
            }
        }

        @Test
        void an_unknown_grafana_feature_is_answered_not_found() {
            node = LiveNode.builder().hub(hub).build();

            assertThat(node.subscribe(VIEWER, ch("grafana/nosuchfeature/x"), null, new Recorder()).reply().status())
                    .isEqualTo(HandlerStatus.NOT_FOUND);
            assertThat(node.publish(VIEWER, ch("grafana/nosuchfeature/x"), json("{}"), null)
                            .toCompletableFuture().join().status())
                    .isEqualTo(HandlerStatus.NOT_FOUND);
        }

        @Test
        void an_unregistered_data_source_or_plugin_namespace_is_answered_not_found() {
            node = LiveNode.builder().hub(hub).build();

            assertThat(node.subscribe(VIEWER, ch("ds/unknown-uid/path"), null, new Recorder()).reply().status())
                    .isEqualTo(HandlerStatus.NOT_FOUND);
            assertThat(node.subscribe(VIEWER, ch("plugin/unknown-id/path"), null, new Recorder()).reply().status())
                    .isEqualTo(HandlerStatus.NOT_FOUND);
        }

        @Test
        void a_host_scope_resolver_is_asked_once_per_namespace_however_many_channels_use_it() {
            Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
            TaggingHandler handler = new TaggingHandler();
            Function<String, ChannelHandler> resolver = ns -> {
                asked.computeIfAbsent(ns, k -> new AtomicInteger()).incrementAndGet();
                return ns.startsWith("room") ? handler : null;
            };
            node = LiveNode.builder().hub(hub).scope("chat", resolver).build();

            for (int i = 0; i < 3; i++) {
                node.subscribe(VIEWER, ch("chat/room1/a" + i), null, new Recorder());
                node.publish(VIEWER, ch("chat/room1/b" + i), json("{}"), null).toCompletableFuture().join();
                node.subscribe(VIEWER, ch("chat/room2/a" + i), null, new Recorder());
            }

            assertThat(asked.get("room1")).hasValue(1);
            assertThat(asked.get("room2")).hasValue(1);
            assertThat(handler.subscribes).hasValue(6);
        }

        @Test
        void concurrent_first_uses_of_a_namespace_still_ask_the_resolver_once() throws Exception {
            AtomicInteger asked = new AtomicInteger();
            TaggingHandler handler = new TaggingHandler();
            node = LiveNode.builder().hub(hub).scope("chat", ns -> {
                asked.incrementAndGet();
                return handler;
            }).build();
            int threads = 8;
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(threads);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<SubscribeOutcome>> all = new java.util.ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    all.add(pool.submit(() -> {
                        together.await();
                        return node.subscribe(VIEWER, ch("chat/busy/x"), null, new Recorder());
                    }));
                }
                for (var f : all) {
                    assertThat(f.get().reply().isOk()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(asked).hasValue(1);
            assertThat(handler.subscribes).hasValue(threads);
        }

        @Test
        void a_namespace_the_resolver_does_not_know_is_not_found_and_asked_again_next_time() {
            AtomicInteger asked = new AtomicInteger();
            node = LiveNode.builder().hub(hub).scope("chat", ns -> {
                asked.incrementAndGet();
                return null;
            }).build();

            assertThat(node.subscribe(VIEWER, ch("chat/ghost/x"), null, new Recorder()).reply().status())
                    .isEqualTo(HandlerStatus.NOT_FOUND);
            node.subscribe(VIEWER, ch("chat/ghost/x"), null, new Recorder());

            assertThat(asked).hasValue(2);
        }

        @Test
        void an_exact_channel_handler_wins_over_its_scope_resolver() {
            TaggingHandler exact = new TaggingHandler();
            node = LiveNode.builder()
                    .hub(hub)
                    .channelHandler("chat", "lobby", exact)
                    .scope("chat", ns -> {
                        throw new AssertionError("resolver must not be asked for chat/lobby");
                    })
                    .build();

            assertThat(node.subscribe(VIEWER, ch("chat/lobby/x"), null, new Recorder()).reply().isOk()).isTrue();
            assertThat(exact.subscribes).hasValue(1);
        }

        @Test
        void the_builder_refuses_host_handlers_in_built_in_scopes_and_duplicates() {
            TaggingHandler h = new TaggingHandler();
            assertThatThrownBy(() -> LiveNode.builder().channelHandler("grafana", "mine", h))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'grafana' is built in");
            assertThatThrownBy(() -> LiveNode.builder().scope("stream", ns -> h))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'stream' is built in");
            assertThatThrownBy(() -> LiveNode.builder().channelHandler("chat", "a", h).channelHandler("chat", "a", h))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("chat/a is already registered");
            assertThatThrownBy(() -> LiveNode.builder().channelHandler("chat", "bad ns", h))
                    .hasMessageContaining("bad ns");
        }
    }

    @Nested
    @DisplayName("asks the handler and acts on its status")
    class Statuses {

        @Test
        void an_ok_subscribe_registers_the_subscriber_and_returns_the_handlers_initial_data() {
            node = LiveNode.builder().hub(hub).channelHandler("chat", "lobby", new TaggingHandler()).build();
            Recorder r = new Recorder();

            SubscribeOutcome outcome = node.subscribe(VIEWER, ch("chat/lobby/x"), null, r);
            node.publishFromServer(ch("chat/lobby/x"), json("{\"n\":1}")).toCompletableFuture().join();

            assertThat(outcome.reply().initialData()).hasToString("{\"hello\":\"vera\"}");
            assertThat(r.data()).containsExactly("{\"n\":1}");
            outcome.subscription().close();
            assertThat(node.localSubscribers().count(ch("chat/lobby/x"))).isZero();
        }

        @Test
        void a_refused_subscribe_keeps_the_status_and_registers_nothing() {
            ChannelHandler refusing = new ChannelHandler() {
                @Override
                public SubscribeReply onSubscribe(SubscribeEvent event) {
                    return SubscribeReply.permissionDenied();
                }

                @Override
                public PublishReply onPublish(PublishEvent event) {
                    return PublishReply.permissionDenied();
                }
            };
            node = LiveNode.builder().hub(hub).channelHandler("chat", "vault", refusing).build();
            Recorder r = new Recorder();

            SubscribeOutcome outcome = node.subscribe(VIEWER, ch("chat/vault/x"), null, r);
            PublishReply published = node.publish(VIEWER, ch("chat/vault/x"), json("{}"), null)
                    .toCompletableFuture().join();

            assertThat(outcome.reply().status()).isEqualTo(HandlerStatus.PERMISSION_DENIED);
            assertThat(outcome.subscription()).isNull();
            assertThat(node.localSubscribers().count(ch("chat/vault/x"))).isZero();
            assertThat(published.status()).isEqualTo(HandlerStatus.PERMISSION_DENIED);
        }

        @Test
        void a_publish_broadcasts_what_the_handler_returned_with_the_senders_info() {
            node = LiveNode.builder().hub(hub).channelHandler("chat", "lobby", new TaggingHandler()).build();
            Recorder r = new Recorder();
            node.subscribe(VIEWER, ch("chat/lobby/x"), null, r);

            PublishReply reply = node.publish(EDITOR, ch("chat/lobby/x"), json("\"hi\""), ClientInfo.of("12", "conn-1"))
                    .toCompletableFuture().join();

            assertThat(reply.isOk()).isTrue();
            assertThat(r.data()).containsExactly("{\"by\":\"ed\",\"msg\":\"hi\"}");
            assertThat(r.received().get(0).info().client()).isEqualTo("conn-1");
        }

        @Test
        void an_ok_publish_without_data_broadcasts_nothing() {
            CountingHub counting = new CountingHub(hub);
            node = LiveNode.builder().hub(counting).channelHandler("chat", "quiet", new ChannelHandler() {
                @Override
                public SubscribeReply onSubscribe(SubscribeEvent event) {
                    return SubscribeReply.ok();
                }

                @Override
                public PublishReply onPublish(PublishEvent event) {
                    return PublishReply.ok(null);
                }
            }).build();
            Recorder r = new Recorder();
            node.subscribe(VIEWER, ch("chat/quiet/x"), null, r);

            PublishReply reply = node.publish(VIEWER, ch("chat/quiet/x"), json("{}"), null).toCompletableFuture().join();

            assertThat(reply.isOk()).isTrue();
            assertThat(counting.published()).isZero();
            assertThat(r.received()).isEmpty();
        }

        @Test
        void a_throwing_handler_surfaces_as_a_live_exception_naming_the_channel() {
            ChannelHandler broken = new ChannelHandler() {
                @Override
                public SubscribeReply onSubscribe(SubscribeEvent event) {
                    throw new IllegalStateException("database down");
                }

                @Override
                public PublishReply onPublish(PublishEvent event) {
                    throw new IllegalStateException("database down");
                }
            };
            node = LiveNode.builder().hub(hub).channelHandler("chat", "broken", broken).build();

            assertThatThrownBy(() -> node.subscribe(VIEWER, ch("chat/broken/x"), null, new Recorder()))
                    .isExactlyInstanceOf(LiveException.class)
                    .hasMessageContaining("1/chat/broken/x")
                    .hasMessageContaining("database down");
            assertThatThrownBy(() -> node.publish(VIEWER, ch("chat/broken/x"), json("{}"), null)
                            .toCompletableFuture().join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseExactlyInstanceOf(LiveException.class)
                    .hasMessageContaining("database down");
            assertThat(node.localSubscribers().count(ch("chat/broken/x"))).isZero();
        }

        @Test
        void a_handler_returning_null_is_reported_as_a_live_exception() {
            node = LiveNode.builder().hub(hub).channelHandler("chat", "null", new ChannelHandler() {
                @Override
                public SubscribeReply onSubscribe(SubscribeEvent event) {
                    return null;
                }

                @Override
                public PublishReply onPublish(PublishEvent event) {
                    return null;
                }
            }).build();

            assertThatThrownBy(() -> node.subscribe(VIEWER, ch("chat/null/x"), null, new Recorder()))
                    .isInstanceOf(LiveException.class)
                    .hasMessageContaining("returned no reply");
            assertThatThrownBy(() -> node.publish(VIEWER, ch("chat/null/x"), json("{}"), null).toCompletableFuture().join())
                    .hasCauseInstanceOf(LiveException.class);
        }
    }

    @Nested
    @DisplayName("server-side publishing and lifecycle")
    class Lifecycle {

        @Test
        void a_server_publish_reaches_subscribers_without_asking_a_handler() {
            node = LiveNode.builder().hub(hub).build();
            Recorder r = new Recorder();
            node.localSubscribers().subscribe(ch("nowhere/ns/x"), r);

            node.publishFromServer(ch("nowhere/ns/x"), json("[1,2]")).toCompletableFuture().join();

            assertThat(r.data()).containsExactly("[1,2]");
        }

        @Test
        void a_node_built_without_a_hub_runs_on_its_own_in_memory_hub_and_closes_it() {
            LiveNode own = LiveNode.builder().build();
            Recorder r = new Recorder();
            own.subscribe(VIEWER, ch("grafana/broadcast/x"), null, r);
            own.publish(VIEWER, ch("grafana/broadcast/x"), json("1"), null).toCompletableFuture().join();

            own.close();

            assertThat(r.data()).containsExactly("1");
            assertThat(own.hub()).isInstanceOf(dev.heliograph.live.hub.LocalHub.class);
            assertThatThrownBy(() -> own.localSubscribers().subscribe(ch("grafana/broadcast/x"), new Recorder()))
                    .as("the node closed the hub it created, and its subscribers with it")
                    .isInstanceOf(dev.heliograph.live.LiveException.class)
                    .hasMessageContaining("closed");
        }

        @Test
        void closing_twice_is_harmless_and_a_hub_passed_in_is_left_open() {
            CountingHub counting = new CountingHub(hub);
            node = LiveNode.builder().hub(counting).build();

            node.close();
            node.close();

            assertThat(counting.closes()).isZero();
            assertThat(hub.publish(dev.heliograph.live.hub.Publication.of(ch("chat/a/b"), json("1")),
                            dev.heliograph.live.hub.HistoryOptions.of(10, Duration.ofMinutes(1)))
                    .toCompletableFuture().join())
                    .as("the hub still works: it keeps history")
                    .isNotNull();
        }
    }
}
