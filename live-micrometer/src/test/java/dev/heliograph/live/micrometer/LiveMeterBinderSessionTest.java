package dev.heliograph.live.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.frame.Field;
import dev.heliograph.live.handler.ChannelHandler;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.protocol.ClientSession;
import dev.heliograph.live.stream.StreamContext;
import dev.heliograph.live.stream.StreamHandler;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each core meter family moves when a real node (in-memory engine) serves real sessions: the
 * test drives the protocol through {@link ClientSession} and reads the meters from a Micrometer
 * registry, so a counter that stops being incremented fails here.
 */
class LiveMeterBinderSessionTest {

    private static final LiveUser ADMIN = new LiveUser("1", "admin", 1, LiveUser.Role.ADMIN);

    /** {@code app/test/<path>}: anything goes, except {@code denied}. */
    private static final ChannelHandler OPEN = new ChannelHandler() {
        @Override
        public SubscribeReply onSubscribe(SubscribeEvent event) {
            return event.channel().channel().path().equals("denied") ? SubscribeReply.permissionDenied()
                    : SubscribeReply.ok();
        }

        @Override
        public PublishReply onPublish(PublishEvent event) {
            return PublishReply.ok(event.data());
        }
    };

    /** {@code ds/walk/<path>}: sends one frame, then waits to be cancelled. */
    private static final StreamHandler WALK = new StreamHandler() {
        @Override
        public SubscribeReply subscribeStream(SubscribeEvent event) {
            return SubscribeReply.ok();
        }

        @Override
        public void runStream(StreamContext context) throws Exception {
            context.sender().sendJson(RawJson.parse("{\"v\":1}"));
            context.awaitCancellation(Duration.ofSeconds(30));
        }

        @Override
        public PublishReply publishStream(PublishEvent event) {
            return PublishReply.permissionDenied();
        }
    };

    private LiveNode node;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void start() {
        node = LiveNode.builder()
                .settings(LiveSettings.builder().outboundQueueBytes(4096).build())
                .channelHandler("app", "test", OPEN)
                .streamHandler("ds", "walk", WALK)
                .build();
        registry = new SimpleMeterRegistry();
        new LiveMeterBinder(node).bindTo(registry);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private double value(String name, String... tags) {
        Meter meter = registry.find("heliograph.live." + name).tags(Tags.of(tags)).meter();
        assertThat(meter).as(name + " " + String.join(",", tags)).isNotNull();
        return meter.measure().iterator().next().getValue();
    }

    private ClientSession connect(TestTransport transport) {
        ClientSession session = new ClientSession(node, ADMIN, transport);
        session.onText("{\"id\":1,\"connect\":{}}");
        return session;
    }

    @Test
    void connectionsOpenOpenedClosedAndDisconnectCodes() {
        TestTransport t = new TestTransport(false);
        ClientSession session = connect(t);
        assertThat(value("client.connections")).isEqualTo(1);
        assertThat(value("client.connections.opened")).isEqualTo(1);

        session.onText("{\"id\":2,\"bogus\":{}}\n{not json"); // a malformed command: 3501
        await().atMost(5, TimeUnit.SECONDS).until(session::isReleased);
        assertThat(t.closeCode).isEqualTo(3501);
        assertThat(value("client.connections")).isZero();
        assertThat(value("client.connections.closed")).isEqualTo(1);
        assertThat(value("client.disconnects", "code", "3501")).isEqualTo(1);
    }

    @Test
    void subscriptionsByScopeAndChannels() {
        ClientSession session = connect(new TestTransport(false));
        session.onText("{\"id\":2,\"subscribe\":{\"channel\":\"1/app/test/a\"}}");
        session.onText("{\"id\":3,\"subscribe\":{\"channel\":\"1/app/test/b\"}}");
        session.onText("{\"id\":4,\"subscribe\":{\"channel\":\"1/ds/walk/x\"}}");
        assertThat(value("node.subscriptions", "scope", "other")).isEqualTo(2);
        assertThat(value("node.subscriptions", "scope", "ds")).isEqualTo(1);
        assertThat(value("node.subscriptions", "scope", "grafana")).isZero();
        assertThat(value("node.channels")).isEqualTo(3);

        session.onText("{\"id\":5,\"unsubscribe\":{\"channel\":\"1/app/test/a\"}}");
        await().atMost(5, TimeUnit.SECONDS).until(() -> value("node.subscriptions", "scope", "other") == 1);
        assertThat(value("node.channels")).isEqualTo(2);
    }

    @Test
    void publicationsBySourceAndPublishLatency() {
        ClientSession session = connect(new TestTransport(false));
        OrgChannel channel = OrgChannel.of(1, "app/test/p");
        session.onText("{\"id\":2,\"publish\":{\"channel\":\"1/app/test/p\",\"data\":{\"a\":1}}}");
        node.publish(ADMIN, channel, RawJson.parse("{\"a\":2}"), null).toCompletableFuture().join(); // the HTTP API's call
        node.publishFromServer(channel, RawJson.parse("{\"a\":3}")).toCompletableFuture().join();
        node.publishFromServer(channel, RawJson.parse("{\"a\":4}")).toCompletableFuture().join();
        node.pushFrame(1, "telegraf", frame("cpu")).toCompletableFuture().join();
        session.onText("{\"id\":3,\"subscribe\":{\"channel\":\"1/ds/walk/y\"}}"); // the stream sends one

        assertThat(value("node.publications", "source", "client")).isEqualTo(1);
        assertThat(value("node.publications", "source", "http")).isEqualTo(1);
        assertThat(value("node.publications", "source", "server")).isEqualTo(2);
        assertThat(value("node.publications", "source", "push")).isEqualTo(1);
        await().atMost(5, TimeUnit.SECONDS).until(() -> value("node.publications", "source", "stream") == 1);
        await().atMost(5, TimeUnit.SECONDS).until(() -> registry.find("heliograph.live.node.publish.latency")
                .functionTimer().count() == 5);
    }

    @Test
    void frameSchemaChanges() {
        node.pushFrame(1, "telegraf", frame("mem")).toCompletableFuture().join(); // new: full frame
        node.pushFrame(1, "telegraf", frame("mem")).toCompletableFuture().join(); // same schema: data only
        assertThat(value("node.frame.schema.changes")).isEqualTo(1);
        node.pushFrame(1, "telegraf", DataFrame.builder().name("mem").field(Field.time("time").appendTimeMillis(1))
                .field(Field.int64("other").appendLong(2)).build()).toCompletableFuture().join();
        assertThat(value("node.frame.schema.changes")).isEqualTo(2);
    }

    @Test
    void messagesFramesAndBytesSentShowTheBatching() {
        TestTransport t = new TestTransport(false);
        ClientSession session = connect(t);
        session.onText("{\"id\":2,\"subscribe\":{\"channel\":\"1/app/test/q\"}}");
        double framesBefore = value("transport.frames.sent");
        // three commands in one message: their three replies leave as one frame
        session.onText("{\"id\":3,\"presence_stats\":{\"channel\":\"1/app/test/q\"}}\n"
                + "{\"id\":4,\"presence_stats\":{\"channel\":\"1/app/test/q\"}}\n"
                + "{\"id\":5,\"presence_stats\":{\"channel\":\"1/app/test/q\"}}");
        assertThat(value("transport.frames.sent") - framesBefore).isEqualTo(1);
        assertThat(value("transport.messages.sent")).isEqualTo(t.messages().size()).isEqualTo(5);
        assertThat(value("transport.frames.sent")).isEqualTo(t.frames.size());
        long bytes = t.frames.stream().mapToLong(f -> f.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
        assertThat(value("transport.sent")).isEqualTo(bytes);
    }

    @Test
    void commandErrorsByCodeAndCommandDuration() {
        ClientSession session = connect(new TestTransport(false));
        session.onText("{\"id\":2,\"subscribe\":{\"channel\":\"1/app/test/denied\"}}"); // the handler refuses: 403
        session.onText("{\"id\":3,\"subscribe\":{\"channel\":\"1/app/test/z\"}}");
        session.onText("{\"id\":4,\"subscribe\":{\"channel\":\"1/app/test/z\"}}"); // 105 already subscribed
        assertThat(value("client.command.errors", "code", "403")).isEqualTo(1);
        assertThat(value("client.command.errors", "code", "105")).isEqualTo(1);

        Timer subscribes = registry.find("heliograph.live.client.command.duration").tag("method", "subscribe").timer();
        assertThat(subscribes).isNotNull();
        assertThat(subscribes.count()).isEqualTo(3);
        assertThat(subscribes.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.find("heliograph.live.client.command.duration").tag("method", "connect").timer().count())
                .isEqualTo(1);
    }

    @Test
    void slowClientClosesAndQueueHighWater() {
        TestTransport stalled = new TestTransport(true);
        ClientSession slow = connect(stalled); // the connect reply's send never completes
        slow.onText("{\"id\":2,\"subscribe\":{\"channel\":\"1/app/test/s\"}}");
        OrgChannel channel = OrgChannel.of(1, "app/test/s");
        String payload = "{\"x\":\"" + "a".repeat(500) + "\"}";
        for (int i = 0; i < 20 && !slow.isClosed(); i++) {
            node.publishFromServer(channel, RawJson.parse(payload)).toCompletableFuture().join();
        }
        assertThat(slow.isClosed()).isTrue();
        assertThat(value("client.slow.closed")).isEqualTo(1);
        assertThat(value("client.disconnects", "code", "3008")).isEqualTo(1);
        assertThat(value("client.queue.high.water")).isGreaterThan(3000).isLessThanOrEqualTo(4096);
    }

    @Test
    void codesSeenBeforeBindingAreBoundToo() {
        ClientSession session = connect(new TestTransport(false));
        session.onText("{\"id\":2,\"subscribe\":{\"channel\":\"1/app/test/denied\"}}");
        SimpleMeterRegistry late = new SimpleMeterRegistry();
        new LiveMeterBinder(node).bindTo(late);
        assertThat(late.find("heliograph.live.client.command.errors").tag("code", "403").functionCounter().count())
                .isEqualTo(1);

        // both binders keep seeing new codes and command times
        session.onText("{\"id\":3,\"subscribe\":{\"channel\":\"1/app/test/w\"}}");
        session.onText("{\"id\":4,\"subscribe\":{\"channel\":\"1/app/test/w\"}}"); // 105
        for (SimpleMeterRegistry r : java.util.List.of(registry, late)) {
            assertThat(r.find("heliograph.live.client.command.errors").tag("code", "105").functionCounter().count())
                    .isEqualTo(1);
            assertThat(r.find("heliograph.live.client.command.duration").tag("method", "subscribe").timer().count())
                    .isGreaterThanOrEqualTo(2);
        }
    }

    private static DataFrame frame(String name) {
        return DataFrame.builder().name(name).field(Field.time("time").appendTimeMillis(1))
                .field(Field.float64("value").appendDouble(0.5)).build();
    }
}
