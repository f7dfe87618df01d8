package dev.heliograph.live.protocol;

import static dev.heliograph.live.protocol.SessionHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.control.ServerControl;
import dev.heliograph.live.json.RawJson;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link ServerControl} on one node over the in-memory engine (its control path loops back). */
class ServerControlTest {
    private static final Pattern SESSION = Pattern.compile("\"session\":\"([^\"]+)\",\"node\":\"([^\"]+)\"");

    private final SessionHarness harness = new SessionHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    @DisplayName("disconnectUser closes every connection of that user in that org with the code given, and no other")
    void disconnectUser() {
        SessionHarness.Client first = harness.connected();
        SessionHarness.Client second = harness.connected();
        SessionHarness.Client other = harness.connected(SessionHarness.OTHER_USER);
        LiveUser sameIdOtherOrg = new LiveUser(SessionHarness.USER.id(), "admin", 2, LiveUser.Role.ADMIN);
        SessionHarness.Client otherOrg = harness.connected(sameIdOtherOrg);

        harness.node.control().disconnectUser(1, SessionHarness.USER.id(), new Disconnect(3503, "logged out"))
                .toCompletableFuture().join();

        first.awaitClosed(3503, "logged out");
        second.awaitClosed(3503, "logged out");
        await().during(Duration.ofMillis(200)).until(() -> !other.session.isClosed() && !otherOrg.session.isClosed());
    }

    @Test
    @DisplayName("unsubscribeUser ends the subscription with an unsubscribe push (2000) and nothing of the channel follows")
    void unsubscribeUser() {
        SessionHarness.Client c = harness.connected();
        SessionHarness.Client other = harness.connected(SessionHarness.OTHER_USER);
        c.call("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/revoked\"}}");
        other.call("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/revoked\"}}");
        OrgChannel channel = OrgChannel.parseWire("1/test/ns/revoked");

        harness.node.control().unsubscribeUser(SessionHarness.USER.id(), channel).toCompletableFuture().join();

        assertThat(c.awaitMessages(3).get(2)).isEqualTo(
                "{\"push\":{\"channel\":\"1/test/ns/revoked\",\"unsubscribe\":{\"code\":2000,\"reason\":\"server unsubscribe\"}}}");
        harness.node.publishFromServer(channel, RawJson.parse("{\"after\":1}")).toCompletableFuture().join();
        other.awaitMessages(3);
        await().during(Duration.ofMillis(100)).until(() -> c.messages().size() == 3);
        assertThat(c.session.channelCount()).isZero();
    }

    @Test
    @DisplayName("publish to many channels reaches each, and presence lists the subscribers")
    void publishManyAndPresence() {
        SessionHarness.Client c = harness.connected();
        c.call("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/presence-m1\"}}");
        c.call("{\"id\":3,\"subscribe\":{\"channel\":\"1/test/ns/m2\"}}");

        harness.node.control().publish(List.of(OrgChannel.parseWire("1/test/ns/presence-m1"), OrgChannel.parseWire("1/test/ns/m2")),
                RawJson.parse("{\"all\":true}")).toCompletableFuture().join();

        String one = "{\"push\":{\"channel\":\"1/test/ns/presence-m1\",\"pub\":{\"data\":{\"all\":true}}}}";
        String two = "{\"push\":{\"channel\":\"1/test/ns/m2\",\"pub\":{\"data\":{\"all\":true}}}}";
        await().until(() -> c.messages().contains(one) && c.messages().contains(two));
        assertThat(harness.node.control().presence(OrgChannel.parseWire("1/test/ns/presence-m1"))).containsKey(c.id());
    }

    @Test
    @DisplayName("an emulated connection gets a session and the node in its connect result; posted commands reach it")
    void emulatedCommands() {
        SessionHarness.Client c = harness.client(SessionHarness.USER, true);
        String connect = c.call("{\"id\":1,\"connect\":{}}");
        Matcher m = SESSION.matcher(connect);
        assertThat(m.find()).as("session and node in %s", connect).isTrue();
        assertThat(m.group(1)).isEqualTo(c.session.emulationSession()).isNotEqualTo(c.id());
        assertThat(m.group(2)).isEqualTo(harness.node.id());

        harness.node.control().emulate(harness.node.id(), m.group(1), SessionHarness.USER.id(),
                "{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/emu\"}}");

        assertThat(c.awaitMessages(2).get(1)).isEqualTo("{\"id\":2,\"subscribe\":{}}");
    }

    @Test
    @DisplayName("commands posted by another user, or to a session this node does not hold, do not reach any connection")
    void emulatedRefusals() {
        SessionHarness.Client c = harness.client(SessionHarness.USER, true);
        String connect = c.call("{\"id\":1,\"connect\":{}}");
        Matcher m = SESSION.matcher(connect);
        assertThat(m.find()).isTrue();
        ServerControl control = harness.node.control();

        control.emulate(harness.node.id(), m.group(1), SessionHarness.OTHER_USER.id(), "{\"id\":2,\"presence\":{\"channel\":\"1/test/ns/x\"}}");
        assertThatThrownBy(() -> control.emulate(harness.node.id(), "no-such-session", "", "{}"))
                .isInstanceOf(ServerControl.UnknownSessionException.class);
        // Another node's session: sent through the engine, ignored here.
        control.emulate("another-node", "no-such-session", "", "{}").toCompletableFuture().join();

        await().during(Duration.ofMillis(200)).until(() -> c.messages().size() == 1);
        assertThat(c.session.isClosed()).isFalse();
    }

    @Test
    @DisplayName("a registry finds an emulated session by its id until it is untracked")
    void registryForgetsUntrackedSessions() {
        SessionHarness.Client c = harness.client(SessionHarness.USER, true);
        SessionRegistry endpoint = new SessionRegistry();
        endpoint.track(c.session);
        assertThat(endpoint.findEmulated(c.session.emulationSession())).isSameAs(c.session);
        assertThat(harness.node.sessions().findEmulated(c.session.emulationSession())).isSameAs(c.session);

        endpoint.untrack(c.session);

        assertThat(endpoint.findEmulated(c.session.emulationSession())).isNull();
        assertThat(endpoint.size()).isZero();
    }

    @Test
    @DisplayName("a WebSocket connection's connect result names no session")
    void webSocketHasNoSession() {
        SessionHarness.Client c = harness.connected();
        assertThat(c.messages().get(0)).doesNotContain("\"session\"");
        assertThat(c.session.emulationSession()).isNull();
    }
}
