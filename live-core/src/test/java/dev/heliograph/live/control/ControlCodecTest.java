package dev.heliograph.live.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.channel.OrgChannel;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ControlCodecTest {

    @Test
    @DisplayName("every message survives encode and decode, non-ASCII and newlines included")
    void roundTrip() {
        ControlMessage[] messages = {
            new ControlMessage.Emulate("node-a", "s3cr3t", "7", "{\"id\":2,\"subscribe\":{\"channel\":\"1/a/b/é\"}}\n{}"),
            new ControlMessage.Emulate("node-a", "s", "", "{}"),
            new ControlMessage.DisconnectUser(3, "user-ü", 3503, "logged out"),
            new ControlMessage.UnsubscribeUser("7", OrgChannel.of(2, "grafana/broadcast/chat")),
        };
        for (ControlMessage m : messages) {
            assertThat(ControlCodec.decode(ControlCodec.encode(m))).isEqualTo(m);
        }
    }

    @Test
    @DisplayName("bytes of another program, another version, truncated or with trailing bytes are refused")
    void refusesForeignBytes() {
        byte[] good = ControlCodec.encode(new ControlMessage.DisconnectUser(1, "7", 3000, "x"));
        byte[] foreign = good.clone();
        foreign[0] = '{';
        byte[] otherVersion = good.clone();
        otherVersion[1] = 9;
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        byte[] hugeLength = good.clone();
        hugeLength[3 + 8] = 0x7f; // the user id's length, after marker, version, type and org id

        assertThatThrownBy(() -> ControlCodec.decode(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Heliograph control message");
        assertThatThrownBy(() -> ControlCodec.decode(otherVersion)).hasMessageContaining("version 9");
        assertThatThrownBy(() -> ControlCodec.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ControlCodec.decode(trailing)).hasMessageContaining("trailing");
        assertThatThrownBy(() -> ControlCodec.decode(hugeLength)).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> ControlCodec.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
