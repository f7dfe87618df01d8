package dev.heliograph.live.protocol;

import static dev.heliograph.live.protocol.SessionHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Client sessions under abuse and at shutdown")
class ClientSessionLimitsTest {

    private static final String SUBSCRIBE = "{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/limits\"}}";

    private static String publish(int id) {
        return "{\"id\":" + id + ",\"publish\":{\"channel\":\"1/test/ns/limits\",\"data\":{\"n\":" + id + "}}}";
    }

    @Test
    @DisplayName("answers commands over the rate limit with 111 too many requests, runs none of them, and serves the others")
    void rateLimit() {
        try (SessionHarness h = new SessionHarness(b -> b.commandRateLimit(1, 20))) {
            SessionHarness.Client flooder = h.connected(); // connect took one token
            SessionHarness.Client other = h.connected(SessionHarness.OTHER_USER);
            other.call(SUBSCRIBE);
            StringBuilder batch = new StringBuilder();
            for (int id = 10; id < 40; id++) {
                batch.append(publish(id)).append('\n');
            }
            flooder.send(batch.toString().strip());

            List<String> replies = flooder.awaitMessages(31).subList(1, 31);
            long ok = replies.stream().filter(m -> m.endsWith("\"publish\":{}}")).count();
            long limited = replies.stream()
                    .filter(m -> m.contains("\"error\":{\"code\":111,\"message\":\"too many requests\",\"temporary\":true}"))
                    .count();
            // 19 tokens left after connect; a slow machine may refill one or two during the batch
            assertThat(ok).isBetween(19L, 21L);
            assertThat(ok + limited).isEqualTo(30);
            assertThat(h.node.metrics().commandsRateLimited()).isEqualTo(limited);
            await().until(() -> other.messages().stream().filter(m -> m.contains("\"pub\"")).count() == ok);
            assertThat(flooder.session.isClosed()).isFalse();
            assertThat(other.call("{\"id\":3,\"presence_stats\":{\"channel\":\"1/test/ns/limits\"}}")).contains("\"id\":3");
        }
    }

    @Test
    @DisplayName("shuts down with 3001 after flushing what was queued, and releases dead peers within the timeout")
    void shutdown() {
        try (SessionHarness h = new SessionHarness()) {
            List<SessionHarness.Client> healthy = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                SessionHarness.Client c = h.connected();
                c.call(SUBSCRIBE);
                healthy.add(c);
            }
            List<ClientSession> dead = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ClientSession s = new ClientSession(h.node, SessionHarness.USER, new DeadPeer());
                s.onText("{\"id\":1,\"connect\":{}}"); // the reply never completes: this peer is gone
                dead.add(s);
            }
            h.node.publishFromServer(OrgChannel.parseWire("1/test/ns/limits"), RawJson.parse("{\"last\":true}"));

            long start = System.nanoTime();
            h.node.close(); // the harness gives it 1 s
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).as("close with dead peers").isLessThan(Duration.ofSeconds(5));
            assertThat(h.node.sessions().size()).isZero();
            assertThat(dead).allMatch(ClientSession::isReleased);
            assertThat(healthy).allSatisfy(c -> {
                assertThat(c.transport.closeCode()).isEqualTo(3001);
                assertThat(c.transport.closeReason()).isEqualTo("shutdown");
                assertThat(c.last()).as("flushed before the close").contains("{\"last\":true}");
            });
        }
    }

    @Test
    @DisplayName("keeps the shared timers running for everyone when one session's transport throws an Error on a ping")
    void timerSurvivesAThrowingTransport() {
        try (SessionHarness h = new SessionHarness(b -> b.pingInterval(Duration.ofMillis(40)).pongTimeout(Duration.ofMillis(30)))) {
            AtomicBoolean broken = new AtomicBoolean();
            ClientSession bad = new ClientSession(h.node, SessionHarness.USER, new Transport() {
                @Override
                public void sendText(OutboundFrame frame, SendCallback done) {
                    if (broken.get()) {
                        throw new AssertionError("a broken container");
                    }
                    done.completed(null);
                }

                @Override
                public void close(int code, String reason) {}
            });
            bad.onText("{\"id\":1,\"connect\":{}}");
            SessionHarness.Client good = h.connected();
            good.answerPings();
            broken.set(true);

            await().until(bad::isReleased);
            int pings = good.transport.frameCount();
            await().atMost(Duration.ofSeconds(5)).until(() -> good.transport.frameCount() >= pings + 5);
            assertThat(good.session.isClosed()).isFalse();
            assertThat(h.timers.isShutdown()).isFalse();
        }
    }

    @Test
    @DisplayName("a shutdown whose time is up closes the socket of a peer that stopped reading and releases it")
    void forcedReleaseClosesTheSocket() {
        try (SessionHarness h = new SessionHarness()) {
            SessionHarness.Client c = h.connected();
            c.transport.stall();
            c.send("{\"id\":2,\"presence\":{\"channel\":\"1/test/ns/limits\"}}"); // its reply stays in flight

            int forced = h.node.sessions().disconnectAll(Disconnect.SHUTDOWN, Duration.ofMillis(400));

            assertThat(forced).isEqualTo(1);
            assertThat(c.session.isReleased()).isTrue();
            assertThat(c.transport.closeCode()).isEqualTo(3001);
        }
    }

    @Test
    @DisplayName("a shutdown that races a failing send still releases the session")
    void shutdownRacingASendFailure() throws Exception {
        try (SessionHarness h = new SessionHarness()) {
            AtomicBoolean failing = new AtomicBoolean();
            CountDownLatch failureSeen = new CountDownLatch(1);
            CountDownLatch shutdownDone = new CountDownLatch(1);
            ClientSession s = new ClientSession(h.node, SessionHarness.USER, new Transport() {
                @Override
                public void sendText(OutboundFrame frame, SendCallback done) {
                    if (!failing.get()) {
                        done.completed(null);
                        return;
                    }
                    new Thread(() -> { // the container reports the failure on its own thread...
                        failureSeen.countDown();
                        await().until(() -> shutdownDone.getCount() == 0); // ...after the shutdown took the state
                        done.completed(new java.io.IOException("broken pipe"));
                    }, "container").start();
                }

                @Override
                public void close(int code, String reason) {}
            });
            s.onText("{\"id\":1,\"connect\":{}}");
            failing.set(true);
            s.onText("{\"id\":2,\"presence\":{\"channel\":\"1/test/ns/limits\"}}");
            failureSeen.await();

            s.shutdown(Disconnect.SHUTDOWN); // finishing: the queue waits for the send in flight
            shutdownDone.countDown();

            await().until(s::isReleased);
            assertThat(h.node.sessions().size()).isZero();
        }
    }

    @Test
    @DisplayName("a session that starts after the node began shutting down is closed with 3001 at once and holds nothing")
    void lateSessionAfterShutdown() {
        try (SessionHarness h = new SessionHarness()) {
            h.node.sessions().disconnectAll(Disconnect.SHUTDOWN, Duration.ofMillis(100));

            SessionHarness.Client late = h.client();

            assertThat(late.transport.closeCode()).isEqualTo(3001);
            assertThat(late.session.isReleased()).isTrue();
            assertThat(h.node.sessions().size()).isZero();
            assertThat(h.timers.getQueue()).as("its connect deadline").isEmpty();
        }
    }

    /** A peer that vanished without a word: sends never complete, closes are never reported. */
    private static final class DeadPeer implements Transport {
        @Override
        public void sendText(OutboundFrame frame, SendCallback done) {
            // never completes
        }

        @Override
        public void close(int code, String reason) {
            // the container never reports it either
        }
    }
}
