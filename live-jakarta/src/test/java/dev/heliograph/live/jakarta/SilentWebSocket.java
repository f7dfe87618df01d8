package dev.heliograph.live.jakarta;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client written on a bare socket that never answers pings: it plays a pusher whose
 * process hung. It performs the upgrade, then only reads frames, counting pings, until the
 * server's close frame or the end of the stream.
 */
final class SilentWebSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final int status;
    private int pings;

    SilentWebSocket(int port, String path, String token) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: c2lsZW50LXB1c2hlci0xMg==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in = new DataInputStream(socket.getInputStream());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the upgrade: " + head);
            }
            head.write(b);
        }
        String statusLine = head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElseThrow();
        status = Integer.parseInt(statusLine.split(" ")[1]);
    }

    /** The HTTP status of the upgrade answer (101 when upgraded). */
    int status() {
        return status;
    }

    /** Reads until the server closes; returns its close code (-1 if it dropped the connection without one). */
    int awaitClose() throws IOException {
        while (true) {
            int b0 = in.read();
            if (b0 < 0) {
                return -1;
            }
            int opcode = b0 & 0x0f;
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if (opcode == 0x9) {
                pings++;
            } else if (opcode == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            }
        }
    }

    /** Pings received before the close. */
    int pings() {
        return pings;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
