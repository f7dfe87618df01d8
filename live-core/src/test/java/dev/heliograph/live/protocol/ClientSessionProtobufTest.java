package dev.heliograph.live.protocol;

import static dev.heliograph.live.protocol.ProtobufWire.frame;
import static dev.heliograph.live.protocol.ProtobufWire.w;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.protocol.ProtobufWire.Msg;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Client sessions speaking the Protobuf protocol (centrifuge-protobuf)")
class ClientSessionProtobufTest {

    private static final String FAN = "1/test/ns/proto-fan";

    private final SessionHarness harness = new SessionHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    /** A Protobuf client that sent connect (id 1) and got its reply. */
    private SessionHarness.Client connected() {
        SessionHarness.Client c = harness.client(SessionHarness.USER, WireProtocol.PROTOBUF);
        c.session.onBinary(frame(w().num(1, 1).msg(4, w())));
        c.awaitMessages(1);
        return c;
    }

    private static List<Msg> replies(SessionHarness.Client c) {
        List<Msg> out = new ArrayList<>();
        for (byte[] f : c.transport.frameBytes()) {
            out.addAll(ProtobufWire.split(f));
        }
        return out;
    }

    private static List<Msg> awaitReplies(SessionHarness.Client c, int n) {
        SessionHarness.await().until(() -> replies(c).size() >= n);
        return replies(c);
    }

    private static ProtobufWire.W subscribe(int id, String channel) {
        return w().num(1, id).msg(5, w().str(1, channel));
    }

    @Test
    @DisplayName("answers connect with a ConnectResult (field 5) in a binary frame: client id, version, ping, pong")
    void connect() {
        SessionHarness.Client c = connected();
        assertThat(c.transport.binaryFrameCount()).isEqualTo(c.transport.frameCount()).isEqualTo(1);
        Msg reply = replies(c).get(0);
        assertThat(reply.num(1)).isEqualTo(1);
        Msg result = reply.msg(5);
        assertThat(result.str(1)).isEqualTo(c.id());
        assertThat(result.str(2)).isEqualTo(harness.settings.serverVersion());
        assertThat(result.num(7)).as("ping seconds").isEqualTo(600);
        assertThat(result.num(8)).as("pong").isEqualTo(1);
    }

    @Test
    @DisplayName("handles several commands of one frame in order and answers them in one frame; a publish reaches the publisher as a Push with the JSON bytes")
    void batchSubscribePublish() {
        SessionHarness.Client c = connected();
        byte[] data = "{\"temp\":21.5}".getBytes(StandardCharsets.UTF_8);
        c.session.onBinary(frame(subscribe(2, FAN), w().num(1, 3).msg(7, w().str(1, FAN).bytes(2, data))));
        List<Msg> all = awaitReplies(c, 4);
        assertThat(c.transport.binaryFrameCount()).isEqualTo(c.transport.frameCount());
        Msg subscribed = all.get(1);
        assertThat(subscribed.num(1)).isEqualTo(2);
        assertThat(subscribed.has(6)).as("SubscribeResult present").isTrue();
        Msg published = all.stream().filter(m -> m.num(1) == 3).findFirst().orElseThrow();
        assertThat(published.has(8)).as("PublishResult present, even empty").isTrue();
        Msg push = all.stream().filter(m -> m.has(4)).findFirst().orElseThrow().msg(4);
        assertThat(push.str(2)).isEqualTo(FAN);
        Msg pub = push.msg(4);
        assertThat(pub.bytes(4)).isEqualTo(data);
        assertThat(pub.msg(5).str(1)).as("publisher's user").isEqualTo("7");
        assertThat(pub.msg(5).str(2)).as("publisher's client").isEqualTo(c.id());
    }

    @Test
    @DisplayName("encodes a publication once per format: 5 JSON and 5 Protobuf subscribers cost one JSON and one Protobuf encode, each shared as one frame")
    void encodeOncePerFormat() {
        List<SessionHarness.Client> json = new ArrayList<>();
        List<SessionHarness.Client> proto = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            SessionHarness.Client j = harness.connected();
            j.call("{\"id\":2,\"subscribe\":{\"channel\":\"" + FAN + "\"}}");
            json.add(j);
            SessionHarness.Client p = connected();
            p.session.onBinary(frame(subscribe(2, FAN)));
            awaitReplies(p, 2);
            proto.add(p);
        }
        long jsonBefore = PushEncoder.JSON.encodes();
        long protoBefore = ProtobufPushEncoder.PROTOBUF.encodes();

        harness.node.publishFromServer(OrgChannel.parseWire(FAN), RawJson.parse("{\"n\":1}"));

        Set<OutboundFrame> jsonFrames = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SessionHarness.Client j : json) {
            j.awaitMessages(3);
            assertThat(j.messages().get(2)).isEqualTo("{\"push\":{\"channel\":\"" + FAN + "\",\"pub\":{\"data\":{\"n\":1}}}}");
            jsonFrames.add(j.transport.frame(2));
        }
        Set<OutboundFrame> protoFrames = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SessionHarness.Client p : proto) {
            Msg push = awaitReplies(p, 3).get(2).msg(4);
            assertThat(push.msg(4).str(4)).isEqualTo("{\"n\":1}");
            protoFrames.add(p.transport.frame(2));
        }
        assertThat(PushEncoder.JSON.encodes() - jsonBefore).as("JSON encodes").isEqualTo(1);
        assertThat(ProtobufPushEncoder.PROTOBUF.encodes() - protoBefore).as("Protobuf encodes").isEqualTo(1);
        assertThat(jsonFrames).hasSize(1);
        assertThat(protoFrames).hasSize(1);
        assertThat(jsonFrames).doesNotContainAnyElementsOf(protoFrames);
    }

    @Test
    @DisplayName("lists presence as map<string, ClientInfo> and answers errors with Error (field 2)")
    void presenceAndErrors() {
        SessionHarness.Client a = connected();
        a.session.onBinary(frame(subscribe(2, "1/test/ns/presence-room")));
        awaitReplies(a, 2);
        a.session.onBinary(frame(w().num(1, 3).msg(8, w().str(1, "1/test/ns/presence-room")),
                w().num(1, 4).msg(9, w().str(1, "1/test/ns/presence-room")),
                w().num(1, 5).msg(8, w().str(1, "1/test/ns/not-subscribed"))));
        SessionHarness.await().until(() -> replies(a).stream().anyMatch(m -> m.num(1) == 5));
        List<Msg> all = replies(a).stream().filter(m -> !m.has(4)).toList(); // without the join push
        Msg entry = all.get(2).msg(9).msg(1);
        assertThat(entry.str(1)).isEqualTo(a.id());
        assertThat(entry.msg(2).str(1)).isEqualTo("7");
        assertThat(entry.msg(2).str(2)).isEqualTo(a.id());
        Msg stats = all.get(3).msg(10);
        assertThat(stats.num(1)).isEqualTo(1);
        assertThat(stats.num(2)).isEqualTo(1);
        Msg error = all.get(4).msg(2);
        assertThat(all.get(4).num(1)).isEqualTo(5);
        assertThat(error.num(1)).isEqualTo(ReplyError.NOT_AVAILABLE.code());
        assertThat(error.str(2)).isEqualTo(ReplyError.NOT_AVAILABLE.message());
    }

    @Test
    @DisplayName("answers the server's ping (an empty Reply, one byte 0) with an empty Command and stays open")
    void pingPong() {
        try (SessionHarness h = new SessionHarness(b -> b.pingInterval(java.time.Duration.ofMillis(100))
                .pongTimeout(java.time.Duration.ofMillis(80)))) {
            SessionHarness.Client c = h.client(SessionHarness.USER, WireProtocol.PROTOBUF);
            c.transport.onFrame(text -> {
                if (text.equals("\0")) {
                    c.session.onBinary(new byte[] {0});
                }
            });
            c.session.onBinary(frame(w().num(1, 1).msg(4, w())));
            SessionHarness.await().until(() -> c.transport.frameBytes().stream()
                    .filter(f -> f.length == 1 && f[0] == 0).count() >= 4);
            assertThat(c.session.isClosed()).isFalse();
        }
    }

    @Test
    @DisplayName("closes with 3501 and says why: a cut-short command, a text frame, data that is not JSON")
    void malformed() {
        SessionHarness.Client cut = connected();
        cut.session.onBinary(new byte[] {10, 8});
        cut.awaitClosed(3501, "bad request");
        assertThat(cut.transport.closeReason()).contains("command 1 says it is 10 bytes long but only 1 follow");

        SessionHarness.Client text = connected();
        text.send("{\"id\":2,\"presence\":{}}");
        text.awaitClosed(3501, "bad request");
        assertThat(text.transport.closeReason()).contains("send binary frames");

        SessionHarness.Client notJson = connected();
        notJson.session.onBinary(frame(w().num(1, 2).msg(7, w().str(1, FAN).bytes(2, new byte[] {1, 2, 3}))));
        notJson.awaitClosed(3501, "bad request");
        assertThat(notJson.transport.closeReason()).contains("publish.data is not JSON");

        SessionHarness.Client json = harness.connected();
        json.session.onBinary(frame(w().num(1, 2)));
        json.awaitClosed(3501, "bad request");
        assertThat(json.transport.closeReason()).contains("binary frame on a JSON connection");
    }

    @Test
    @DisplayName("serves positioned subscribe, recovery and history in Protobuf: SubscribeResult recoverable/epoch/offset/publications/recovered/positioned/was_recovering, HistoryResult, Publication.offset in pushes")
    void recoveryAndHistory() {
        String channel = "1/test/ns/history-proto";
        SessionHarness.Client first = connected();
        first.session.onBinary(frame(subscribe(2, channel)));
        Msg positioned = awaitReplies(first, 2).get(1).msg(6);
        assertThat(positioned.num(3)).as("recoverable").isEqualTo(1);
        assertThat(positioned.num(10)).as("positioned").isEqualTo(1);
        String epoch = positioned.str(6);
        assertThat(epoch).as("epoch").isNotEmpty();
        assertThat(positioned.has(9)).as("offset 0 is not written").isFalse();
        assertThat(positioned.has(12)).as("was_recovering").isFalse();

        for (int n = 1; n <= 3; n++) {
            harness.node.publish(SessionHarness.OTHER_USER, OrgChannel.parseWire(channel),
                    RawJson.parse("{\"n\":" + n + "}"), null).toCompletableFuture().join();
        }
        List<Msg> pushes = awaitReplies(first, 5).subList(2, 5);
        assertThat(pushes).extracting(m -> m.msg(4).msg(4).num(6)).as("Publication.offset").containsExactly(1L, 2L, 3L);

        SessionHarness.Client second = connected();
        second.session.onBinary(frame(w().num(1, 2).msg(5, w().str(1, channel).num(3, 1).str(6, epoch).num(7, 1)),
                w().num(1, 3).msg(10, w().str(1, channel).num(7, 10)),
                w().num(1, 4).msg(10, w().str(1, channel).num(7, -1).msg(8, w().num(1, 2).str(2, epoch)))));
        List<Msg> all = awaitReplies(second, 4);
        Msg recovered = all.get(1).msg(6);
        assertThat(recovered.num(12)).as("was_recovering").isEqualTo(1);
        assertThat(recovered.num(8)).as("recovered").isEqualTo(1);
        assertThat(recovered.str(6)).isEqualTo(epoch);
        assertThat(recovered.num(9)).as("offset: the one the client sent, as the Centrifuge server").isEqualTo(1);
        assertThat(recovered.msgs(7)).extracting(p -> p.num(6)).containsExactly(2L, 3L);
        assertThat(recovered.msgs(7)).extracting(p -> p.str(4)).containsExactly("{\"n\":2}", "{\"n\":3}");

        Msg history = all.get(2).msg(11);
        assertThat(history.msgs(1)).extracting(p -> p.num(6)).containsExactly(1L, 2L, 3L);
        assertThat(history.str(2)).isEqualTo(epoch);
        assertThat(history.num(3)).isEqualTo(3);
        Msg since = all.get(3).msg(11);
        assertThat(since.msgs(1)).as("since offset 2, no limit").extracting(p -> p.num(6)).containsExactly(3L);
    }
}
