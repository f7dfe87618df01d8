package dev.heliograph.live.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reading stamps from received bytes")
class TextScanTest {
    private static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(b.length + 8).put(b).flip();
    }

    @Test
    @DisplayName("reads sent_ns and seq of a publication within the given range only")
    void readsNumbers() {
        String line = "{\"push\":{\"channel\":\"1/a/b/c\",\"pub\":{\"data\":{\"sent_ns\":987654321012,\"seq\":42,\"pad\":\"xx\"}}}}";
        ByteBuffer b = direct(line + "\n{\"push\":{\"pub\":{\"data\":{\"sent_ns\":5}}}}");
        assertThat(TextScan.startsWith(b, 0, line.length(), TextScan.PUSH)).isTrue();
        assertThat(TextScan.numberAfter(b, 0, line.length(), TextScan.SENT_NS)).isEqualTo(987654321012L);
        assertThat(TextScan.numberAfter(b, 0, line.length(), TextScan.SEQ)).isEqualTo(42);
        assertThat(TextScan.numberAfter(b, line.length() + 1, b.limit(), TextScan.SENT_NS)).isEqualTo(5);
        assertThat(TextScan.numberAfter(b, line.length() + 1, b.limit(), TextScan.SEQ)).isEqualTo(-1);
    }

    @Test
    @DisplayName("says -1 for a key without digits or a key cut by the range end")
    void missingNumbers() {
        ByteBuffer b = direct("{\"sent_ns\":\"x\",\"seq\":12}");
        assertThat(TextScan.numberAfter(b, 0, b.limit(), TextScan.SENT_NS)).isEqualTo(-1);
        assertThat(TextScan.indexOf(b, 0, 8, TextScan.SENT_NS)).isEqualTo(-1);
        assertThat(TextScan.numberAfter(b, 0, b.limit(), TextScan.SEQ)).isEqualTo(12);
    }

    @Test
    @DisplayName("builds client text frames masked with a zero key, with 16-bit lengths past 125 bytes")
    void clientFrames() {
        ByteBuffer small = ClientFrames.text("{}");
        assertThat(small.remaining()).isEqualTo(2 + 4 + 2);
        assertThat(small.get(0) & 0xFF).isEqualTo(0x81);
        assertThat(small.get(1) & 0xFF).isEqualTo(0x80 | 2);
        ByteBuffer large = ClientFrames.text("x".repeat(300));
        assertThat(large.get(1) & 0x7F).isEqualTo(126);
        assertThat(large.getShort(2)).isEqualTo((short) 300);
        assertThat(large.remaining()).isEqualTo(4 + 4 + 300);
    }
}
