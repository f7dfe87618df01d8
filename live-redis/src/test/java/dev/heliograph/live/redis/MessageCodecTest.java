package dev.heliograph.live.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import dev.heliograph.live.json.RawJson;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MessageCodec: publications on Redis PUB/SUB")
class MessageCodecTest {
    private static final OrgChannel CH = OrgChannel.of(7, "grafana/broadcast/codec");

    private static Publication roundTrip(Publication p) {
        return MessageCodec.decode(CH, MessageCodec.encode(p));
    }

    @Test
    @DisplayName("a server publication is the 3-byte header plus the JSON bytes as they are")
    void compact() {
        Publication p = Publication.of(CH, RawJson.parse("{\"v\":1}"));
        byte[] m = MessageCodec.encode(p);
        assertThat(m).hasSize(3 + 7);
        assertThat(roundTrip(p).data()).isEqualTo(p.data());
        assertThat(roundTrip(p).info()).isNull();
    }

    @Test
    @DisplayName("client info with non-ASCII user, conn info and chan info survives, for every kind")
    void infoAndKinds() {
        String longUser = "ü".repeat(200); // a length over 127 needs two varint bytes
        ClientInfo info = new ClientInfo(longUser, "conn-1", RawJson.parse("{\"a\":[1,2]}"), RawJson.parse("\"x\""));
        Publication pub = roundTrip(Publication.of(CH, RawJson.parse("[1,2,3]"), info));
        assertThat(pub.kind()).isEqualTo(Publication.Kind.PUBLICATION);
        assertThat(pub.info()).isEqualTo(info);
        assertThat(pub.data().toString()).isEqualTo("[1,2,3]");
        assertThat(roundTrip(Publication.join(CH, info)).kind()).isEqualTo(Publication.Kind.JOIN);
        Publication leave = roundTrip(Publication.leave(CH, ClientInfo.of("u", "c")));
        assertThat(leave.kind()).isEqualTo(Publication.Kind.LEAVE);
        assertThat(leave.info()).isEqualTo(ClientInfo.of("u", "c"));
        assertThat(leave.data()).isNull();
        assertThat(MessageCodec.decodeInfo(MessageCodec.encodeInfo(info))).isEqualTo(info);
    }

    @Test
    @DisplayName("foreign or truncated messages are rejected with a reason, never an index error")
    void malformed() {
        byte[] good = MessageCodec.encode(Publication.join(CH, ClientInfo.of("user", "client")));
        assertThatThrownBy(() -> MessageCodec.decode(CH, "hello".getBytes()))
                .isInstanceOf(MessageCodec.MalformedMessageException.class).hasMessageContaining("not a version-1");
        assertThatThrownBy(() -> MessageCodec.decode(CH, Arrays.copyOf(good, good.length - 2)))
                .isInstanceOf(MessageCodec.MalformedMessageException.class).hasMessageContaining("overruns");
        assertThatThrownBy(() -> MessageCodec.decode(CH, new byte[] {1, 0, 0}))
                .isInstanceOf(MessageCodec.MalformedMessageException.class).hasMessageContaining("without data");
        assertThatThrownBy(() -> MessageCodec.decode(CH, new byte[] {1, 1, 0}))
                .isInstanceOf(MessageCodec.MalformedMessageException.class).hasMessageContaining("without client info");
    }

    /** A version-2 message as the history script builds it: the version-1 one with a position after the header. */
    private static byte[] positioned(byte[] v1, String offset, String epoch) {
        byte[] out = new byte[v1.length + 2 + offset.length() + epoch.length()];
        out[0] = MessageCodec.POSITIONED;
        out[1] = v1[1];
        out[2] = v1[2];
        int pos = 3;
        out[pos++] = (byte) offset.length();
        for (char c : offset.toCharArray()) {
            out[pos++] = (byte) c;
        }
        out[pos++] = (byte) epoch.length();
        for (char c : epoch.toCharArray()) {
            out[pos++] = (byte) c;
        }
        System.arraycopy(v1, 3, out, pos, v1.length - 3);
        return out;
    }

    @Test
    @DisplayName("a positioned (version-2) message decodes with its offset and epoch; version 1 still decodes without")
    void positioned() {
        ClientInfo info = ClientInfo.of("alice", "c-1");
        Publication p = Publication.of(CH, RawJson.parse("{\"v\":2}"), info);
        Publication decoded = MessageCodec.decode(CH, positioned(MessageCodec.encode(p), "12345678901", "ab12cd34"));
        assertThat(decoded.position()).isEqualTo(new StreamPosition(12_345_678_901L, "ab12cd34"));
        assertThat(decoded.info()).isEqualTo(info);
        assertThat(decoded.data().toString()).isEqualTo("{\"v\":2}");
        assertThat(roundTrip(p).position()).isNull();
    }

    @Test
    @DisplayName("a positioned message with a bad offset or on a join is rejected with a reason")
    void positionedMalformed() {
        byte[] pub = MessageCodec.encode(Publication.of(CH, RawJson.parse("1")));
        assertThatThrownBy(() -> MessageCodec.decode(CH, positioned(pub, "12x", "e")))
                .isInstanceOf(MessageCodec.MalformedMessageException.class).hasMessageContaining("not a decimal");
        assertThatThrownBy(() -> MessageCodec.decode(CH, positioned(pub, "", "e")))
                .isInstanceOf(MessageCodec.MalformedMessageException.class).hasMessageContaining("1 to 18 digits");
        byte[] join = MessageCodec.encode(Publication.join(CH, ClientInfo.of("u", "c")));
        assertThatThrownBy(() -> MessageCodec.decode(CH, positioned(join, "1", "e")))
                .isInstanceOf(MessageCodec.MalformedMessageException.class).hasMessageContaining("positioned JOIN");
    }
}
