package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.protocol.Disconnect;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StreamFramingTest {

    private static String frame(StreamFraming framing, String messages) {
        return new String(framing.frame(messages.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("http_stream writes each message of a batch as one line")
    void httpStreamLines() {
        assertThat(frame(StreamFraming.HTTP_STREAM, "{\"id\":1,\"connect\":{}}")).isEqualTo("{\"id\":1,\"connect\":{}}\n");
        assertThat(frame(StreamFraming.HTTP_STREAM, "{\"a\":\"é\"}\n{}")).isEqualTo("{\"a\":\"é\"}\n{}\n");
    }

    @Test
    @DisplayName("sse writes each message of a batch as its own data event")
    void sseEvents() {
        assertThat(frame(StreamFraming.SSE, "{\"id\":1,\"connect\":{}}")).isEqualTo("data: {\"id\":1,\"connect\":{}}\n\n");
        assertThat(frame(StreamFraming.SSE, "{\"a\":\"é\"}\n{}")).isEqualTo("data: {\"a\":\"é\"}\n\ndata: {}\n\n");
        assertThat(frame(StreamFraming.SSE, "{}\n\n{}")).as("an empty part is no event").isEqualTo("data: {}\n\ndata: {}\n\n");
    }

    @Test
    @DisplayName("a close travels as a disconnect push whose reconnect flag follows the code")
    void disconnectPush() {
        assertThat(frame(StreamFraming.HTTP_STREAM, new String(Disconnect.SLOW.toPush(), StandardCharsets.UTF_8)))
                .isEqualTo("{\"push\":{\"disconnect\":{\"code\":3008,\"reason\":\"slow\",\"reconnect\":true}}}\n");
        assertThat(frame(StreamFraming.SSE, new String(new Disconnect(3503, "logged \"out\"").toPush(), StandardCharsets.UTF_8)))
                .isEqualTo("data: {\"push\":{\"disconnect\":{\"code\":3503,\"reason\":\"logged \\\"out\\\"\",\"reconnect\":false}}}\n\n");
    }

    @Test
    @DisplayName("content types: JSON lines for http_stream, an event stream for sse")
    void contentTypes() {
        assertThat(StreamFraming.HTTP_STREAM.contentType()).isEqualTo("application/json");
        assertThat(StreamFraming.SSE.contentType()).startsWith("text/event-stream");
    }
}
