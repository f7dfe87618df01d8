package dev.heliograph.live.jakarta;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * How an emulated connection frames the server's messages on its long response. The session
 * hands over a batch of JSON messages joined by {@code \n} (as one WebSocket frame would carry);
 * {@link #HTTP_STREAM} writes each as a line ({@code application/json} lines: the centrifuge
 * client splits the stream at newlines), {@link #SSE} as one {@code data:} event per message
 * (an EventSource hands each event's data to the client). Stateless.
 */
enum StreamFraming {
    HTTP_STREAM("application/json") {
        @Override
        byte[] frame(byte[] messages) {
            byte[] out = new byte[messages.length + 1];
            System.arraycopy(messages, 0, out, 0, messages.length);
            out[messages.length] = '\n';
            return out;
        }
    },
    SSE("text/event-stream; charset=utf-8") {
        private final byte[] data = "data: ".getBytes(StandardCharsets.US_ASCII);

        @Override
        byte[] frame(byte[] messages) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(messages.length + 16);
            int start = 0;
            for (int i = 0; i <= messages.length; i++) {
                if (i == messages.length || messages[i] == '\n') {
                    if (i > start) { // JSON messages hold no raw newline; an empty part is skipped
                        out.writeBytes(data);
                        out.write(messages, start, i - start);
                        out.write('\n');
                        out.write('\n');
                    }
                    start = i + 1;
                }
            }
            return out.toByteArray();
        }
    };

    private final String contentType;

    StreamFraming(String contentType) {
        this.contentType = contentType;
    }

    /** The response's Content-Type. */
    String contentType() {
        return contentType;
    }

    /** {@code messages}: UTF-8 JSON messages joined by {@code \n}; returns the bytes to write. */
    abstract byte[] frame(byte[] messages);
}
