package dev.heliograph.live.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The fan-out client's STOMP frames")
class StompFramesTest {
    private static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(b.length + 8).put(b).flip();
    }

    @Test
    @DisplayName("maps a channel with or without its org prefix to a /topic destination")
    void destinations() {
        assertThat(StompFrames.destination("1/grafana/broadcast/load-3")).isEqualTo("/topic/grafana/broadcast/load-3");
        assertThat(StompFrames.destination("grafana/broadcast/load")).isEqualTo("/topic/grafana/broadcast/load");
        assertThat(StompFrames.destination("a1/b")).isEqualTo("/topic/a1/b");
    }

    @Test
    @DisplayName("finds a MESSAGE's body and its end, and reads the stamps from the body only")
    void readsAMessage() {
        String frame = "MESSAGE\ndestination:/topic/grafana/broadcast/load\ncontent-type:application/json\nsubscription:0\n"
                + "message-id:a-1\ncontent-length:37\n\n{\"sent_ns\":123456789,\"seq\":7,\"pad\":\"x\"}\0";
        ByteBuffer b = direct("\n" + frame);
        int end = StompFrames.frameEnd(b, 1, b.limit());
        assertThat(end).isEqualTo(b.limit() - 1);
        assertThat(TextScan.startsWith(b, 1, end, StompFrames.MESSAGE)).isTrue();
        int body = StompFrames.bodyStart(b, 1, end);
        assertThat(b.get(body)).isEqualTo((byte) '{');
        assertThat(TextScan.numberAfter(b, body, end, TextScan.SENT_NS)).isEqualTo(123456789L);
        assertThat(TextScan.numberAfter(b, body, end, TextScan.SEQ)).isEqualTo(7);
        assertThat(StompFrames.bodyStart(direct("RECEIPT\nreceipt-id:sub"), 0, 22)).isEqualTo(-1);
    }

    @Test
    @DisplayName("sends CONNECT without heart-beats and SUBSCRIBE asking for a receipt, NUL-terminated")
    void outboundFrames() {
        assertThat(payload(StompFrames.connect("127.0.0.1"))).isEqualTo("CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\n\n\0");
        assertThat(payload(StompFrames.subscribe("/topic/x"))).isEqualTo("SUBSCRIBE\nid:0\ndestination:/topic/x\nreceipt:sub\n\n\0");
    }

    @Test
    @DisplayName("asks for the STOMP subprotocol in the upgrade only when told to")
    void upgradeSubprotocol() {
        assertThat(StandardCharsets.US_ASCII.decode(ClientFrames.upgrade("h:1", "/stomp", null, StompFrames.SUBPROTOCOL)).toString())
                .contains("Sec-WebSocket-Protocol: v12.stomp\r\n").doesNotContain("Authorization");
        assertThat(StandardCharsets.US_ASCII.decode(ClientFrames.upgrade("h:1", "/ws", "Basic x", null)).toString())
                .doesNotContain("Sec-WebSocket-Protocol");
    }

    @Test
    @DisplayName("takes --protocol centrifuge (the default) or stomp and refuses anything else")
    void protocolArgument() {
        assertThat(FanoutArgs.stomp(Map.of())).isFalse();
        assertThat(FanoutArgs.stomp(Map.of("protocol", "stomp"))).isTrue();
        assertThatThrownBy(() -> FanoutArgs.stomp(Map.of("protocol", "mqtt"))).hasMessageContaining("centrifuge or stomp");
    }

    /** The payload of a client text frame with a short length (mask key zero, so the bytes are as sent). */
    private static String payload(ByteBuffer frame) {
        int length = frame.get(1) & 0x7F;
        int header = length == 126 ? 8 : 6;
        byte[] bytes = new byte[frame.remaining() - header];
        frame.get(header, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
