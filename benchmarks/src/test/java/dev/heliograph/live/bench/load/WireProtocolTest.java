package dev.heliograph.live.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The wire protocols read what servers send")
class WireProtocolTest {

    /** Records events as short strings, in order. */
    static final class Recorder implements WireProtocol.Events {
        final List<String> events = new ArrayList<>();

        @Override public void connected() { events.add("connected"); }
        @Override public void subscribed() { events.add("subscribed"); }
        @Override public void publication(long sentNanos) { events.add("pub " + sentNanos); }
        @Override public void published(int id, String error) { events.add("published " + id + " " + error); }
        @Override public void ping(String pong) { events.add("ping -> " + pong); }
        @Override public void error(String description) { events.add("error " + description); }
    }

    @Nested
    @DisplayName("Centrifuge v2 JSON")
    class Centrifuge {
        private final CentrifugeProtocol protocol = new CentrifugeProtocol();
        private final Recorder recorder = new Recorder();

        @Test
        @DisplayName("connect and subscribe replies, in either field order, mark the steps")
        void repliesMarkSteps() {
            protocol.read("{\"id\":1,\"connect\":{\"client\":\"c-1\",\"ping\":25,\"pong\":true}}", recorder);
            protocol.read("{\"subscribe\":{},\"id\":2}", recorder);

            assertThat(recorder.events).containsExactly("connected", "subscribed");
        }

        @Test
        @DisplayName("several newline-joined pushes in one frame are each a publication with its timestamp")
        void batchedPushes() {
            String push = "{\"push\":{\"channel\":\"1/grafana/broadcast/load\",\"pub\":{\"data\":"
                    + Payload.json(7, -123456789L, "xx") + "}}}";
            protocol.read(push + "\n" + push.replace("-123456789", "42") + "\n{}", recorder);

            assertThat(recorder.events).containsExactly("pub -123456789", "pub 42", "ping -> {}");
        }

        @Test
        @DisplayName("join and leave pushes beside a publication are skipped, not counted as publications")
        void joinAndLeaveAreSkipped() {
            String join = "{\"push\":{\"channel\":\"1/grafana/broadcast/load\",\"join\":{\"info\":{\"user\":\"1\",\"client\":\"c-2\"}}}}";
            String pub = "{\"push\":{\"channel\":\"1/grafana/broadcast/load\",\"pub\":{\"data\":{\"sent_ns\":5}}}}";
            protocol.read(join + "\n" + pub + "\n" + join.replace("join", "leave"), recorder);

            assertThat(recorder.events).containsExactly("pub 5");
        }

        @Test
        @DisplayName("a push whose fields come in another order is still read, through the JSON parser")
        void reorderedPush() {
            protocol.read("{\"x\":1,\"push\":{\"pub\":{\"data\":{\"seq\":1,\"sent_ns\":99}},\"channel\":\"c\"}}", recorder);

            assertThat(recorder.events).containsExactly("pub 99");
        }

        @Test
        @DisplayName("errors on connect or subscribe, and publish replies, are reported with their detail")
        void errorsAndPublishReplies() {
            protocol.read("{\"id\":2,\"error\":{\"code\":103,\"message\":\"permission denied\"}}", recorder);
            protocol.read("{\"id\":3,\"publish\":{}}\n{\"id\":4,\"error\":{\"code\":106}}", recorder);
            protocol.read("not json", recorder);

            assertThat(recorder.events).containsExactly(
                    "error subscribe refused: {\"code\":103,\"message\":\"permission denied\"}",
                    "published 3 null",
                    "published 4 {\"code\":106}",
                    "error unreadable JSON from the server: not json");
        }

        @Test
        @DisplayName("commands are single-line JSON with the org-prefixed channel")
        void commands() {
            assertThat(protocol.subscribe(protocol.subscribeName("grafana/broadcast/load", 1)))
                    .isEqualTo("{\"id\":2,\"subscribe\":{\"channel\":\"1/grafana/broadcast/load\"}}");
            assertThat(protocol.publish("1/grafana/broadcast/load", "{\"a\":1}", 3))
                    .isEqualTo("{\"id\":3,\"publish\":{\"channel\":\"1/grafana/broadcast/load\",\"data\":{\"a\":1}}}");
            assertThat(protocol.handshake()).startsWith("{\"id\":1,\"connect\":{").doesNotContain("\n");
        }
    }

    @Nested
    @DisplayName("STOMP 1.2")
    class Stomp {
        private final StompProtocol protocol = new StompProtocol();
        private final Recorder recorder = new Recorder();

        @Test
        @DisplayName("CONNECTED, RECEIPT and MESSAGE frames, heart-beat newlines between, map to events")
        void frames() {
            protocol.read("CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0", recorder);
            protocol.read("\n", recorder);
            protocol.read("RECEIPT\nreceipt-id:sub\n\n\0", recorder);
            protocol.read("MESSAGE\ndestination:/topic/load\nsubscription:0\nmessage-id:1\n\n"
                    + Payload.json(1, 555, "") + "\0\nMESSAGE\ndestination:/topic/load\n\n{\"sent_ns\":556}\0", recorder);

            assertThat(recorder.events).containsExactly("connected", "subscribed", "pub 555", "pub 556");
        }

        @Test
        @DisplayName("an ERROR frame is reported with its headers")
        void errorFrame() {
            protocol.read("ERROR\nmessage:Broker not available\n\n\0", recorder);

            assertThat(recorder.events).containsExactly("error STOMP ERROR: ERROR message:Broker not available  ");
        }

        @Test
        @DisplayName("SUBSCRIBE asks for the receipt the client waits on")
        void subscribeAsksForReceipt() {
            assertThat(protocol.subscribe("/topic/load")).contains("destination:/topic/load\n").contains("receipt:sub\n")
                    .endsWith("\0");
        }
    }

    @Test
    @DisplayName("a payload without a readable timestamp reads as unknown")
    void payloadWithoutTimestamp() {
        assertThat(Payload.sentNanos("{\"seq\":1}", 0, 9)).isEqualTo(Long.MIN_VALUE);
        assertThat(Payload.sentNanos("{\"sent_ns\":x}", 0, 13)).isEqualTo(Long.MIN_VALUE);
        assertThat(Payload.sentNanos(Payload.json(3, Long.MAX_VALUE, "p"), 0, 60)).isEqualTo(Long.MAX_VALUE);
    }
}
