package dev.heliograph.live.bench.fanout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the fan-out client writes: its HTTP upgrade request and masked text frames. The mask key
 * is four zero bytes (any key is valid, RFC 6455 5.3), so the payload goes out as is.
 *
 * <p>Stateless; called on the client's selector thread.
 */
final class ClientFrames {
    private ClientFrames() {}

    /**
     * The upgrade request; {@code authorization} is a full header value or null, {@code subprotocol}
     * the {@code Sec-WebSocket-Protocol} to ask for or null.
     */
    static ByteBuffer upgrade(String host, String path, String authorization, String subprotocol) {
        StringBuilder r = new StringBuilder(256).append("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ZmFub3V0LWNsaWVudC0xMg==\r\n");
        if (authorization != null) {
            r.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (subprotocol != null) {
            r.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
        }
        return ByteBuffer.wrap(r.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** One final, masked text frame holding {@code text}. */
    static ByteBuffer text(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int header = payload.length < 126 ? 2 : payload.length < 65_536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + 4 + payload.length);
        frame.put((byte) 0x81);
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65_536) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        frame.putInt(0).put(payload);
        return frame.flip();
    }

    /** A masked pong frame echoing {@code payload} (at most 125 bytes, as pings are). */
    static ByteBuffer pong(ByteBuffer ping, int from, int length) {
        ByteBuffer frame = ByteBuffer.allocate(6 + length);
        frame.put((byte) 0x8A).put((byte) (0x80 | length)).putInt(0);
        for (int i = 0; i < length; i++) {
            frame.put(ping.get(from + i));
        }
        return frame.flip();
    }
}
