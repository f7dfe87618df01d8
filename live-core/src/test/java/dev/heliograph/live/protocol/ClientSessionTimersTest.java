package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.heliograph.live.protocol.SessionHarness.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The timers of a client session")
class ClientSessionTimersTest {

    @Test
    @DisplayName("close a connection that sends no connect in time with 3502 stale")
    void stale() {
        try (SessionHarness h = new SessionHarness(b -> b.connectTimeout(Duration.ofMillis(50)))) {
            SessionHarness.Client c = h.client();
            c.awaitClosed(3502, "stale");
            assertThat(c.messages()).isEmpty();
        }
    }

    @Test
    @DisplayName("do not close a connection that connected in time")
    void connectedInTime() {
        try (SessionHarness h = new SessionHarness(b -> b.connectTimeout(Duration.ofMillis(100)))) {
            SessionHarness.Client c = h.connected();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> c.transport.closeCode() == null);
        }
    }

    @Test
    @DisplayName("send the first ping between half and one ping interval after connect, then one per interval")
    void pings() {
        try (SessionHarness h = new SessionHarness(b -> b.pingInterval(Duration.ofMillis(200)).pongTimeout(Duration.ofMillis(150)))) {
            SessionHarness.Client c = h.client();
            c.answerPings();
            long start = System.nanoTime();
            c.send("{\"id\":1,\"connect\":{}}");

            c.awaitMessages(2);
            long firstPingMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(c.messages().get(1)).isEqualTo("{}");
            assertThat(firstPingMillis).isGreaterThanOrEqualTo(100);
            assertThat(c.messages().get(0)).contains("\"ping\":1,");

            await().atMost(Duration.ofSeconds(5)).until(() -> c.messages().size() >= 5);
            assertThat(c.messages().subList(1, 5)).containsOnly("{}");
            assertThat(c.session.isClosed()).isFalse();
        }
    }

    @Test
    @DisplayName("close with 3012 no pong when a ping goes unanswered")
    void noPong() {
        try (SessionHarness h = new SessionHarness(b -> b.pingInterval(Duration.ofMillis(40)).pongTimeout(Duration.ofMillis(20)))) {
            SessionHarness.Client c = h.connected();
            c.awaitClosed(3012, "no pong");
            assertThat(c.messages()).contains("{}");
        }
    }

    @Test
    @DisplayName("accept one pong per ping and close with 3501 on a second")
    void onePongPerPing() {
        try (SessionHarness h = new SessionHarness(b -> b.pingInterval(Duration.ofMillis(40)).pongTimeout(Duration.ofMillis(30)))) {
            SessionHarness.Client c = h.client();
            c.transport.onFrame(frame -> {
                // a ping may share its frame with the connect reply when the machine is slow
                if (frame.equals("{}") || frame.endsWith("\n{}")) {
                    c.session.onText("{}");
                    c.session.onText("{}");
                }
            });
            c.send("{\"id\":1,\"connect\":{}}");
            c.awaitClosed(3501, "bad request: pong without ping");
        }
    }

    @Test
    @DisplayName("run on the shared pool without a thread per session")
    void noThreadPerSession() {
        try (SessionHarness h = new SessionHarness(b -> b.pingInterval(Duration.ofMillis(100)).pongTimeout(Duration.ofMillis(80)))) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            List<SessionHarness.Client> clients = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                SessionHarness.Client c = h.client();
                c.answerPings();
                c.send("{\"id\":1,\"connect\":{}}");
                clients.add(c);
            }
            await().until(() -> clients.stream().allMatch(c -> c.messages().size() >= 3));

            Set<Thread> created = new HashSet<>(Thread.getAllStackTraces().keySet());
            created.removeAll(before);
            created.removeIf(t -> t.getName().startsWith("awaitility"));
            assertThat(created).as("threads started while 200 sessions connected and pinged")
                    .allMatch(t -> t.getName().equals("harness-timers"))
                    .hasSizeLessThanOrEqualTo(2);
            assertThat(clients).noneMatch(c -> c.session.isClosed());
        }
    }
}
