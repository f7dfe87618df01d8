package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.LocalFanOut;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Client sessions in crowds and storms")
class ClientSessionStormTest {

    private static final OrgChannel BROADCAST = OrgChannel.parseWire("1/grafana/broadcast/storm");
    private static final String SUBSCRIBE = "{\"id\":2,\"subscribe\":{\"channel\":\"1/grafana/broadcast/storm\"}}";

    /** One client on a {@link SyncFailingTransport}. */
    private record Peer(ClientSession session, SyncFailingTransport transport) {}

    private static Peer subscribed(SessionHarness h, SyncFailingTransport.Network network) {
        SyncFailingTransport transport = new SyncFailingTransport(network);
        ClientSession session = new ClientSession(h.node, SessionHarness.USER, transport);
        transport.onClose(session::onTransportClosed);
        session.onText("{\"id\":1,\"connect\":{}}");
        session.onText(SUBSCRIBE);
        return new Peer(session, transport);
    }

    private static ConditionFactory within(Duration limit) {
        return Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(limit);
    }

    @Test
    @DisplayName("releases 2,000 broadcast subscribers whose sockets all fail at once inside a push: no recursion, presence empty, no session or timer left")
    void massDisconnectInsideAPush() {
        try (LogCapture sessionLog = new LogCapture(ClientSession.class);
                LogCapture registryLog = new LogCapture(LocalFanOut.class);
                SessionHarness h = new SessionHarness(b -> b.joinLeaveMaxMembers(-1))) { // every leave to everyone
            SyncFailingTransport.Network network = new SyncFailingTransport.Network();
            List<Peer> peers = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                peers.add(subscribed(h, network));
            }
            assertThat(h.hub.presence().list(BROADCAST)).hasSize(2000);

            network.cut();
            // The push meets 2,000 dead sockets; each reports its close on this very stack, as Jetty does.
            h.node.publishFromServer(BROADCAST, RawJson.parse("{\"n\":1}")).toCompletableFuture().join();

            within(Duration.ofSeconds(60)).until(() -> h.node.sessions().size() == 0);
            assertThat(peers).allSatisfy(p -> {
                assertThat(p.session().isClosed()).isTrue();
                assertThat(p.session().isReleased()).isTrue();
            });
            assertThat(h.hub.presence().list(BROADCAST)).isEmpty();
            assertThat(h.node.localSubscribers().count(BROADCAST)).isZero();
            assertThat(h.timers.getQueue()).as("pings, pong checks and deadlines of released sessions").isEmpty();
            assertThat(sessionLog.messages()).noneMatch(m -> m.contains("timer task"));
            assertThat(registryLog.messages()).noneMatch(m -> m.contains("threw"));
        }
    }

    @Test
    @DisplayName("delivers every publication to the subscribers that stay while half of the channel's sockets die during the stream")
    void nothingLostForThoseWhoStay() throws Exception {
        try (SessionHarness h = new SessionHarness(b -> b.joinLeaveMaxMembers(-1))) {
            SyncFailingTransport.Network doomed = new SyncFailingTransport.Network();
            SyncFailingTransport.Network steady = new SyncFailingTransport.Network();
            List<Peer> leaving = new ArrayList<>();
            List<Peer> staying = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                leaving.add(subscribed(h, doomed));
                staying.add(subscribed(h, steady));
            }
            AtomicInteger published = new AtomicInteger();
            Thread publisher = new Thread(() -> {
                for (int n = 0; n < 200; n++) {
                    h.node.publishFromServer(BROADCAST, RawJson.parse("{\"n\":" + n + "}"));
                    published.incrementAndGet();
                }
            });
            publisher.start();
            within(Duration.ofSeconds(30)).until(() -> published.get() >= 50);
            doomed.cut();
            publisher.join(60_000);

            within(Duration.ofSeconds(30)).until(() -> leaving.stream().allMatch(p -> p.session().isReleased()));
            // 1,000 subscribers: the fan-out runs on the node's lanes, after publishFromServer returned
            within(Duration.ofSeconds(30)).until(() -> staying.stream().allMatch(p -> p.transport().publications() >= 200));
            assertThat(staying).allSatisfy(p -> {
                assertThat(p.session().isClosed()).isFalse();
                assertThat(p.transport().publications()).isEqualTo(200);
            });
            assertThat(h.hub.presence().list(BROADCAST)).hasSize(500);
        }
    }

    @Test
    @DisplayName("does not announce joins in a channel above joinLeaveMaxMembers, counts them, and keeps presence exact")
    void joinLeaveLimit() {
        try (SessionHarness h = new SessionHarness(b -> b.joinLeaveMaxMembers(10))) {
            SessionHarness.Client watcher = h.connected();
            watcher.call(SUBSCRIBE);
            List<SessionHarness.Client> others = new ArrayList<>();
            for (int i = 0; i < 19; i++) {
                SessionHarness.Client c = h.connected(SessionHarness.OTHER_USER);
                c.call(SUBSCRIBE);
                others.add(c);
            }

            long joins = watcher.messages().stream().filter(m -> m.contains("\"join\"")).count();
            assertThat(joins).as("its own join (as the reference server sends it) and those of members 2 to 10").isEqualTo(10);
            assertThat(h.node.metrics().joinLeaveSuppressed()).isEqualTo(10);
            assertThat(h.hub.presence().list(BROADCAST)).hasSize(20);

            for (SessionHarness.Client unannounced : others.subList(9, 19)) {
                unannounced.session.onTransportClosed();
                SessionHarness.await().until(unannounced.session::isReleased);
            }
            assertThat(watcher.messages()).as("no leave for members whose join nobody saw").noneMatch(m -> m.contains("\"leave\""));
            others.get(0).session.onTransportClosed();
            SessionHarness.await().until(() -> watcher.messages().stream().anyMatch(m -> m.contains("\"leave\"")));
            assertThat(h.hub.presence().list(BROADCAST)).hasSize(9);
        }
    }

    @Test
    @DisplayName("never closes a backed-up client for joins: they are dropped, counted, and the next publication waits behind at most a few KiB of them")
    void joinsNeverCloseASlowClient() {
        try (SessionHarness h = new SessionHarness(b -> b.joinLeaveMaxMembers(-1).outboundQueueBytes(16 * 1024))) {
            SessionHarness.Client watcher = h.connected();
            watcher.call(SUBSCRIBE);
            watcher.transport.stall(); // stops reading
            int before = watcher.transport.frameCount();
            for (int i = 0; i < 300; i++) { // ~45 KB of join pushes, three times the queue
                h.connected(SessionHarness.OTHER_USER).call(SUBSCRIBE);
            }
            h.node.publishFromServer(BROADCAST, RawJson.parse("{\"after\":\"crowd\"}"));

            assertThat(watcher.session.isClosed()).as("closed as slow by advisory pushes").isFalse();
            assertThat(h.node.metrics().advisoryPushesDropped()).isGreaterThan(0);
            watcher.transport.completeSends();
            SessionHarness.await().until(() -> watcher.messages().stream().anyMatch(m -> m.contains("\"after\"")));
            List<String> after = watcher.messages().subList(before, watcher.messages().size());
            int joinBytes = after.stream().filter(m -> m.contains("\"join\"")).mapToInt(String::length).sum();
            assertThat(joinBytes).as("join bytes ahead of the publication").isLessThanOrEqualTo(4096 + 1024);
        }
    }

    @Test
    @DisplayName("releases a crowd that dies after the timer pool was shut down without recursing: the releases move to another pool, not onto the dying sends")
    void massDisconnectAfterTheTimerPoolStopped() {
        try (LogCapture sessionLog = new LogCapture(ClientSession.class);
                SessionHarness h = new SessionHarness(b -> b.joinLeaveMaxMembers(-1))) {
            SyncFailingTransport.Network network = new SyncFailingTransport.Network();
            for (int i = 0; i < 2000; i++) {
                subscribed(h, network);
            }
            h.timers.shutdown(); // as a host shutting down its own timer pool, before the container drops the sockets

            network.cut();
            h.node.publishFromServer(BROADCAST, RawJson.parse("{\"n\":1}")).toCompletableFuture().join();

            within(Duration.ofSeconds(60)).until(() -> h.node.sessions().size() == 0);
            assertThat(h.hub.presence().list(BROADCAST)).isEmpty();
            assertThat(h.node.localSubscribers().count(BROADCAST)).isZero();
            assertThat(sessionLog.messages()).noneMatch(m -> m.contains("timer task"));
        }
    }
}
