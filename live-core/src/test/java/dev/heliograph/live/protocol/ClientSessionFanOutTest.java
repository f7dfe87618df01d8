package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.heliograph.live.protocol.SessionHarness.await;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Fan-out to client sessions")
class ClientSessionFanOutTest {

    private static final OrgChannel CHANNEL = OrgChannel.parseWire("1/test/ns/fan");
    private static final String SUBSCRIBE = "{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/fan\"}}";

    @Test
    @DisplayName("encodes a publication once and hands the same frame to 1,000 subscribers")
    void oneEncodePerPublication() {
        try (SessionHarness h = new SessionHarness()) {
            List<SessionHarness.Client> clients = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                SessionHarness.Client c = h.connected();
                c.call(SUBSCRIBE);
                clients.add(c);
            }

            h.node.publishFromServer(CHANNEL, RawJson.parse("{\"temp\":21.5}"));

            Set<OutboundFrame> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            for (SessionHarness.Client c : clients) {
                c.awaitMessages(3);
                assertThat(c.transport.frameCount()).isEqualTo(3);
                assertThat(c.messages().get(2)).isEqualTo("{\"push\":{\"channel\":\"1/test/ns/fan\",\"pub\":{\"data\":{\"temp\":21.5}}}}");
                distinct.add(c.transport.frame(2));
            }
            assertThat(distinct).as("push frames across 1,000 subscribers").hasSize(1);
            assertThat(distinct.iterator().next().isDecoded())
                    .as("the push decoded to a String although no transport asked for one")
                    .isFalse();
        }
    }

    @Test
    @DisplayName("closes a client that stopped reading with 3008 slow while another subscriber still gets everything, in order")
    void slowClient() {
        try (SessionHarness h = new SessionHarness(b -> b.outboundQueueBytes(8 * 1024))) {
            SessionHarness.Client slow = h.connected();
            slow.call(SUBSCRIBE);
            SessionHarness.Client fast = h.connected();
            fast.call(SUBSCRIBE);
            slow.transport.stall();

            String payload = "\"" + "x".repeat(100) + "\"";
            for (int i = 0; i < 500; i++) {
                h.node.publishFromServer(CHANNEL, RawJson.parse("{\"i\":" + i + ",\"p\":" + payload + "}"));
            }

            slow.awaitClosed(3008, "slow");
            List<String> got = fast.awaitMessages(2 + 500).subList(2, 502);
            for (int i = 0; i < 500; i++) {
                assertThat(got.get(i)).startsWith("{\"push\":{\"channel\":\"1/test/ns/fan\",\"pub\":{\"data\":{\"i\":" + i + ",");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> h.node.localSubscribers().count(CHANNEL) == 1);
            assertThat(fast.session.isClosed()).isFalse();
        }
    }

    @Test
    @DisplayName("joins what queued during a send into frames of at most 16 messages")
    void batchesWhileBusy() {
        try (SessionHarness h = new SessionHarness()) {
            SessionHarness.Client c = h.connected();
            c.call(SUBSCRIBE);
            c.transport.stall();
            for (int i = 0; i < 40; i++) {
                h.node.publishFromServer(CHANNEL, RawJson.parse(Integer.toString(i)));
            }

            c.transport.completeSends();

            List<String> frames = c.transport.frames();
            assertThat(frames.subList(2, frames.size()))
                    .extracting(f -> f.split("\n").length)
                    .containsExactly(1, 16, 16, 7);
            assertThat(c.messages()).hasSize(42);
            assertThat(c.transport.maxInFlight()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("closes with 3009 when a send fails and releases the subscription")
    void sendFailure() {
        try (SessionHarness h = new SessionHarness()) {
            SessionHarness.Client c = h.connected();
            c.call(SUBSCRIBE);
            c.transport.stall();
            h.node.publishFromServer(CHANNEL, RawJson.parse("1"));

            c.transport.failSend(new IOException("connection reset"));

            c.awaitClosed(3009, "write error");
            await().atMost(Duration.ofSeconds(5)).until(() -> h.node.localSubscribers().count(CHANNEL) == 0);
        }
    }
}
