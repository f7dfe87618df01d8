package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.heliograph.live.protocol.SessionHarness.await;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.LocalHub;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Presence and join/leave through client sessions")
class ClientSessionPresenceTest {

    private static final OrgChannel ROOM = OrgChannel.parseWire("1/test/ns/presence-room");

    private final SessionHarness harness = new SessionHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    private static String subscribe(int id, String channel) {
        return "{\"id\":" + id + ",\"subscribe\":{\"channel\":\"" + channel + "\"}}";
    }

    @Test
    @DisplayName("lists the present clients and counts them, for a channel whose reply enabled presence")
    void presenceAndStats() {
        SessionHarness.Client a = harness.connected();
        SessionHarness.Client b = harness.connected(SessionHarness.OTHER_USER);
        SessionHarness.Client c = harness.connected();
        a.call(subscribe(2, "1/test/ns/presence-room"));
        b.call(subscribe(2, "1/test/ns/presence-room"));
        c.call(subscribe(2, "1/test/ns/presence-room"));

        String presence = a.call("{\"id\":3,\"presence\":{\"channel\":\"1/test/ns/presence-room\"}}");
        assertThat(presence).startsWith("{\"id\":3,\"presence\":{\"presence\":{")
                .contains("\"" + a.id() + "\":{\"user\":\"7\",\"client\":\"" + a.id() + "\"}")
                .contains("\"" + b.id() + "\":{\"user\":\"8\",\"client\":\"" + b.id() + "\"}")
                .contains("\"" + c.id() + "\":{\"user\":\"7\",\"client\":\"" + c.id() + "\"}");
        assertThat(a.call("{\"id\":4,\"presence_stats\":{\"channel\":\"1/test/ns/presence-room\"}}"))
                .isEqualTo("{\"id\":4,\"presence_stats\":{\"num_clients\":3,\"num_users\":2}}");
    }

    @Test
    @DisplayName("answers 108 for presence of a channel without presence or not subscribed")
    void notAvailable() {
        SessionHarness.Client a = harness.connected();
        a.call(subscribe(2, "1/test/ns/plain"));

        assertThat(a.call("{\"id\":3,\"presence\":{\"channel\":\"1/test/ns/plain\"}}"))
                .isEqualTo("{\"id\":3,\"error\":{\"code\":108,\"message\":\"not available\"}}");
        assertThat(a.call("{\"id\":4,\"presence_stats\":{\"channel\":\"1/test/ns/presence-room\"}}"))
                .isEqualTo("{\"id\":4,\"error\":{\"code\":108,\"message\":\"not available\"}}");
    }

    @Test
    @DisplayName("leaves presence on unsubscribe and on close")
    void leavesPresence() {
        SessionHarness.Client a = harness.connected();
        SessionHarness.Client b = harness.connected(SessionHarness.OTHER_USER);
        a.call(subscribe(2, "1/test/ns/presence-room"));
        b.call(subscribe(2, "1/test/ns/presence-room"));
        assertThat(harness.hub.presence().list(ROOM)).containsOnlyKeys(a.id(), b.id());

        b.call("{\"id\":3,\"unsubscribe\":{\"channel\":\"1/test/ns/presence-room\"}}");
        assertThat(harness.hub.presence().list(ROOM)).containsOnlyKeys(a.id());

        a.session.onTransportClosed(); // the release runs on the timer pool, never on the caller's stack
        await().until(a.session::isReleased);
        assertThat(harness.hub.presence().list(ROOM)).isEmpty();
    }

    @Test
    @DisplayName("pushes joins and leaves to subscribers whose reply asked for them, and not to others")
    void joinAndLeave() {
        SessionHarness.Client watcher = harness.connected();
        watcher.call(subscribe(2, "1/test/ns/presence-room"));
        SessionHarness.Client joiner = harness.connected(SessionHarness.OTHER_USER);

        joiner.call(subscribe(2, "1/test/ns/presence-room"));
        String join = "{\"push\":{\"channel\":\"1/test/ns/presence-room\",\"join\":{\"info\":{\"user\":\"8\",\"client\":\"" + joiner.id() + "\"}}}}";
        await().atMost(Duration.ofSeconds(5)).until(() -> watcher.messages().contains(join));

        joiner.transport.close(1000, "bye");
        String leave = join.replace("\"join\"", "\"leave\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> watcher.messages().contains(leave));
    }

    @Test
    @DisplayName("keeps its presence entries alive by refreshing them on every ping")
    void refreshesPresence() {
        try (SessionHarness h = new SessionHarness(
                b -> b.pingInterval(Duration.ofMillis(60)).pongTimeout(Duration.ofMillis(50)),
                LocalHub.builder().presenceTtl(Duration.ofMillis(250)))) {
            SessionHarness.Client a = h.client();
            a.answerPings();
            a.send("{\"id\":1,\"connect\":{}}");
            a.send(subscribe(2, "1/test/ns/presence-room"));
            await().atMost(Duration.ofSeconds(5)).until(() -> a.messages().contains("{\"id\":2,\"subscribe\":{}}"));

            await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5))
                    .until(() -> h.hub.presence().list(ROOM).containsKey(a.id()) && !a.session.isClosed());
        }
    }

    @Test
    @DisplayName("leaves no presence entry behind when an unsubscribe overtakes a ping's presence refresh")
    void unsubscribeDuringPresenceRefresh() throws Exception {
        try (SessionHarness h = new SessionHarness(
                b -> b.pingInterval(Duration.ofMillis(60)).pongTimeout(Duration.ofMillis(50)))) {
            SessionHarness.Client a = h.client();
            a.answerPings();
            a.send("{\"id\":1,\"connect\":{}}");
            a.send(subscribe(2, "1/test/ns/presence-room"));
            await().until(() -> a.messages().contains("{\"id\":2,\"subscribe\":{}}"));
            int addsBefore = h.hub.presenceAddsDone();
            h.hub.holdPresenceAdds();
            await().until(() -> h.hub.presenceAddsWaiting() == 1); // a ping tick is refreshing the entry

            Thread unsubscriber = new Thread(() -> a.send("{\"id\":3,\"unsubscribe\":{\"channel\":\"1/test/ns/presence-room\"}}"));
            unsubscriber.start();
            await().until(() -> a.messages().contains("{\"id\":3,\"unsubscribe\":{}}")
                    || unsubscriber.getState() == Thread.State.BLOCKED);
            h.hub.releasePresenceAdds();
            unsubscriber.join(10_000);
            await().until(() -> h.hub.presenceAddsDone() > addsBefore);

            assertThat(a.messages()).contains("{\"id\":3,\"unsubscribe\":{}}");
            assertThat(h.hub.presence().list(ROOM)).doesNotContainKey(a.id());
        }
    }

    @Test
    @DisplayName("leaves no presence entry and no late join behind when the connection closes during a subscribe")
    void closeDuringSubscribe() throws Exception {
        SessionHarness.Client watcher = harness.connected(SessionHarness.OTHER_USER);
        watcher.call(subscribe(2, "1/test/ns/presence-room"));
        SessionHarness.Client a = harness.connected();
        harness.hub.holdPresenceAdds();

        Thread subscriber = new Thread(() -> a.send(subscribe(2, "1/test/ns/presence-room")));
        subscriber.start();
        await().until(() -> harness.hub.presenceAddsWaiting() == 1); // the subscribe is recording a's presence
        Thread closer = new Thread(a.session::onTransportClosed);
        closer.start();
        await().until(() -> closer.getState() == Thread.State.TERMINATED || closer.getState() == Thread.State.BLOCKED);
        harness.hub.releasePresenceAdds();
        subscriber.join(10_000);
        closer.join(10_000);
        await().until(a.session::isReleased);

        assertThat(harness.hub.presence().list(ROOM)).doesNotContainKey(a.id());
        String join = "{\"push\":{\"channel\":\"1/test/ns/presence-room\",\"join\":{\"info\":{\"user\":\"7\",\"client\":\"" + a.id() + "\"}}}}";
        String leave = join.replace("\"join\"", "\"leave\"");
        List<String> seen = watcher.messages();
        if (seen.contains(join)) {
            assertThat(seen.lastIndexOf(leave)).as("the leave comes after the join").isGreaterThan(seen.indexOf(join));
        }
    }
}
