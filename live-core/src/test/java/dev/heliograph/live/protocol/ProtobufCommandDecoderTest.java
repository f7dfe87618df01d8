package dev.heliograph.live.protocol;

import static dev.heliograph.live.protocol.ProtobufWire.frame;
import static dev.heliograph.live.protocol.ProtobufWire.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Protobuf command decoder")
class ProtobufCommandDecoderTest {

    private static List<Command> decode(byte[] message) throws BadRequestException {
        List<Command> out = new ArrayList<>();
        ProtobufCommandDecoder.decodeInto(message, out);
        return out;
    }

    @Test
    @DisplayName("reads id, the request's channel, token, data and rpc method, skipping unknown fields of every wire type")
    void fields() throws Exception {
        List<Command> commands = decode(frame(
                w().num(1, 7).msg(5, w().str(1, "1/test/ns/a").str(2, "tok").num(3, 1).str(17, "x")
                        .bytes(8, "{\"a\":1}".getBytes())),
                w().num(1, 8).num(2, 99).msg(13, w().bytes(1, "[1,2]".getBytes()).str(2, "sum")),
                w().num(1, 9).msg(14, w().str(1, "refresh-token")),
                w()));
        assertThat(commands).hasSize(4);
        Command sub = commands.get(0);
        assertThat(sub.id()).isEqualTo(7);
        assertThat(sub.method()).isEqualTo(Method.SUBSCRIBE);
        assertThat(sub.channel()).isEqualTo("1/test/ns/a");
        assertThat(sub.token()).isEqualTo("tok");
        assertThat(sub.data().toString()).isEqualTo("{\"a\":1}");
        Command rpc = commands.get(1);
        assertThat(rpc.method()).isEqualTo(Method.RPC);
        assertThat(rpc.rpcMethod()).isEqualTo("sum");
        assertThat(rpc.data().toString()).isEqualTo("[1,2]");
        assertThat(commands.get(2).token()).isEqualTo("refresh-token");
        assertThat(commands.get(3).isPong()).as("an empty Command is a pong").isTrue();
    }

    @Test
    @DisplayName("an empty data field counts as absent; the first request field wins")
    void emptyDataAndFirstMethod() throws Exception {
        Command c = decode(frame(w().num(1, 3).msg(7, w().str(1, "1/test/ns/a").bytes(2, new byte[0]))
                .msg(8, w().str(1, "1/test/ns/b")))).get(0);
        assertThat(c.method()).isEqualTo(Method.PUBLISH);
        assertThat(c.data()).isNull();
        assertThat(c.channel()).isEqualTo("1/test/ns/a");
    }

    @Test
    @DisplayName("refuses with a reason: an empty message, a wrong wire type, an id over 32 bits, invalid UTF-8, a group")
    void refusals() {
        assertThatThrownBy(() -> decode(new byte[0])).hasMessageContaining("empty message");
        assertThatThrownBy(() -> decode(frame(w().num(1, 1).num(4, 1))))
                .hasMessage("command 1 connect has wire type 0, expected 2 (length-delimited)");
        assertThatThrownBy(() -> decode(frame(w().num(1, 1L << 32).msg(4, w()))))
                .hasMessageContaining("id 4294967296 is out of range");
        assertThatThrownBy(() -> decode(frame(w().num(1, 1).msg(5, w().bytes(1, new byte[] {(byte) 0xC3, 0x28})))))
                .hasMessage("command 1 subscribe.channel is not valid UTF-8");
        assertThatThrownBy(() -> decode(new byte[] {2, 0x13, 0x0C})).hasMessageContaining("groups are not supported");
    }

    @Property
    @Label("arbitrary bytes decode or are refused with BadRequestException, never anything else")
    void arbitraryBytes(@ForAll @Size(max = 64) byte[] message) {
        try {
            decode(message);
        } catch (BadRequestException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
