package dev.heliograph.live.protocol;

import static dev.heliograph.live.protocol.SessionHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.json.RawJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Subscribing through a client session")
class ClientSessionSubscribeTest {

    private final SessionHarness harness = new SessionHarness(b -> b.maxChannels(3));

    @AfterEach
    void close() {
        harness.close();
    }

    private static String error(int id, int code, String message) {
        return "{\"id\":" + id + ",\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"}}";
    }

    @Test
    @DisplayName("answers {} and then pushes the channel's publications")
    void subscribeAndReceive() {
        SessionHarness.Client c = harness.connected();
        assertThat(c.call("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/a\"}}")).isEqualTo("{\"id\":2,\"subscribe\":{}}");

        harness.node.publishFromServer(OrgChannel.parseWire("1/test/ns/a"), RawJson.parse("{\"v\":1}"));

        assertThat(c.awaitMessages(3).get(2))
                .isEqualTo("{\"push\":{\"channel\":\"1/test/ns/a\",\"pub\":{\"data\":{\"v\":1}}}}");
    }

    @Test
    @DisplayName("returns the handler's initial data in the result")
    void initialData() {
        SessionHarness.Client c = harness.connected();
        assertThat(c.call("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/initial\",\"data\":{\"q\":1}}}"))
                .isEqualTo("{\"id\":2,\"subscribe\":{\"data\":{\"n\":1}}}");
    }

    @Test
    @DisplayName("refuses another org's channel with 103")
    void otherOrg() {
        SessionHarness.Client c = harness.connected();
        assertThat(c.call("{\"id\":2,\"subscribe\":{\"channel\":\"2/test/ns/a\"}}"))
                .isEqualTo(error(2, 103, "permission denied"));
        assertThat(harness.node.localSubscribers().count(OrgChannel.parseWire("2/test/ns/a"))).isZero();
    }

    @Test
    @DisplayName("refuses an invalid channel with 400, naming the rule")
    void invalidChannel() {
        SessionHarness.Client c = harness.connected();
        assertThat(c.call("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns\"}}"))
                .startsWith("{\"id\":2,\"error\":{\"code\":400,\"message\":\"invalid channel: ")
                .contains("scope/namespace/path");
        assertThat(c.call("{\"id\":3,\"subscribe\":{\"channel\":\"1/test/ns/a b\"}}"))
                .startsWith("{\"id\":3,\"error\":{\"code\":400,\"message\":\"invalid channel: ")
                .contains("U+0020");
        assertThat(c.call("{\"id\":4,\"subscribe\":{\"channel\":\"test/ns/a\"}}"))
                .startsWith("{\"id\":4,\"error\":{\"code\":400,\"message\":\"invalid channel: ")
                .contains("org");
    }

    @Test
    @DisplayName("maps the handler's NOT_FOUND to 404, PERMISSION_DENIED to 403 and an exception to 100")
    void handlerStatuses() {
        SessionHarness.Client c = harness.connected();
        assertThat(c.call("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/missing\"}}")).isEqualTo(error(2, 404, "not found"));
        assertThat(c.call("{\"id\":3,\"subscribe\":{\"channel\":\"1/test/ns/denied\"}}")).isEqualTo(error(3, 403, "forbidden"));
        assertThat(c.call("{\"id\":4,\"subscribe\":{\"channel\":\"1/test/ns/boom\"}}"))
                .isEqualTo("{\"id\":4,\"error\":{\"code\":100,\"message\":\"internal server error\",\"temporary\":true}}");
        assertThat(c.call("{\"id\":5,\"subscribe\":{\"channel\":\"1/nowhere/ns/x\"}}")).isEqualTo(error(5, 404, "not found"));
        assertThat(c.session.channelCount()).isZero();
        assertThat(c.call("{\"id\":6,\"subscribe\":{\"channel\":\"1/test/ns/denied-not\"}}")).isEqualTo("{\"id\":6,\"subscribe\":{}}");
    }

    @Test
    @DisplayName("answers 105 when the connection already has the channel")
    void alreadySubscribed() {
        SessionHarness.Client c = harness.connected();
        c.call("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/a\"}}");
        assertThat(c.call("{\"id\":3,\"subscribe\":{\"channel\":\"1/test/ns/a\"}}")).isEqualTo(error(3, 105, "already subscribed"));
    }

    @Test
    @DisplayName("answers 106 beyond the channel limit")
    void channelLimit() {
        SessionHarness.Client c = harness.connected();
        for (int i = 0; i < 3; i++) {
            assertThat(c.call("{\"id\":" + (i + 2) + ",\"subscribe\":{\"channel\":\"1/test/ns/c" + i + "\"}}"))
                    .endsWith("\"subscribe\":{}}");
        }
        assertThat(c.call("{\"id\":9,\"subscribe\":{\"channel\":\"1/test/ns/c9\"}}"))
                .isEqualTo(error(9, 106, "limit exceeded: a connection may subscribe to at most 3 channels"));
        c.call("{\"id\":10,\"unsubscribe\":{\"channel\":\"1/test/ns/c0\"}}");
        assertThat(c.call("{\"id\":11,\"subscribe\":{\"channel\":\"1/test/ns/c9\"}}")).isEqualTo("{\"id\":11,\"subscribe\":{}}");
    }

    @Test
    @DisplayName("unsubscribes with {} and stops the pushes; {} also for a channel it does not have")
    void unsubscribe() {
        SessionHarness.Client c = harness.connected();
        OrgChannel channel = OrgChannel.parseWire("1/test/ns/a");
        c.call("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/a\"}}");

        assertThat(c.call("{\"id\":3,\"unsubscribe\":{\"channel\":\"1/test/ns/a\"}}")).isEqualTo("{\"id\":3,\"unsubscribe\":{}}");
        assertThat(c.call("{\"id\":4,\"unsubscribe\":{\"channel\":\"1/test/ns/never\"}}")).isEqualTo("{\"id\":4,\"unsubscribe\":{}}");
        assertThat(c.call("{\"id\":5,\"unsubscribe\":{\"channel\":\"not a channel\"}}")).isEqualTo("{\"id\":5,\"unsubscribe\":{}}");

        assertThat(harness.node.localSubscribers().count(channel)).isZero();
        harness.node.publishFromServer(channel, RawJson.parse("1"));
        assertThat(c.call("{\"id\":6,\"subscribe\":{\"channel\":\"1/test/ns/b\"}}")).isEqualTo("{\"id\":6,\"subscribe\":{}}");
    }

    @Test
    @DisplayName("never lets a push overtake the subscribe reply, even behind a pending publish reply")
    void noPushBeforeReply() {
        SessionHarness.Client c = harness.connected();
        harness.hub.hold();
        c.send("{\"id\":2,\"publish\":{\"channel\":\"1/test/ns/other\",\"data\":0}}\n{\"id\":3,\"subscribe\":{\"channel\":\"1/test/ns/a\"}}");
        harness.localHub.publish(Publication.of(OrgChannel.parseWire("1/test/ns/a"), RawJson.parse("{\"early\":true}")));
        assertThat(c.messages()).hasSize(1);

        harness.hub.release();

        assertThat(c.awaitMessages(4).subList(1, 4)).containsExactly(
                "{\"id\":2,\"publish\":{}}",
                "{\"id\":3,\"subscribe\":{}}",
                "{\"push\":{\"channel\":\"1/test/ns/a\",\"pub\":{\"data\":{\"early\":true}}}}");
    }

    @Test
    @DisplayName("lets a slow handler hold up only its own connection")
    void slowHandlerIsolated() throws Exception {
        SessionHarness.Client slow = harness.connected();
        SessionHarness.Client other = harness.connected();
        Thread commandThread = new Thread(() -> slow.send("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/slow\"}}"));
        commandThread.start();

        assertThat(other.call("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/a\"}}")).isEqualTo("{\"id\":2,\"subscribe\":{}}");
        assertThat(slow.messages()).hasSize(1);

        harness.handler.slowGate.countDown();
        commandThread.join(10_000);
        assertThat(slow.awaitMessages(2).get(1)).isEqualTo("{\"id\":2,\"subscribe\":{}}");
    }

    @Test
    @DisplayName("releases its hub subscriptions when the transport closes")
    void releasesOnClose() {
        SessionHarness.Client c = harness.connected();
        c.call("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/a\"}}");
        c.call("{\"id\":3,\"subscribe\":{\"channel\":\"1/test/ns/b\"}}");

        c.session.onTransportClosed();
        c.session.onTransportClosed();
        await().until(c.session::isReleased); // on the timer pool

        assertThat(harness.node.localSubscribers().count(OrgChannel.parseWire("1/test/ns/a"))).isZero();
        assertThat(harness.node.localSubscribers().count(OrgChannel.parseWire("1/test/ns/b"))).isZero();
        assertThat(c.session.isClosed()).isTrue();
    }
}
