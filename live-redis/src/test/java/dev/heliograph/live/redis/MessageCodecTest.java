package dev.heliograph.live.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.Publication;
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
}
