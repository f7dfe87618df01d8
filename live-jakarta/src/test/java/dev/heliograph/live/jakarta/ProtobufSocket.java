package dev.heliograph.live.jakarta;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client on the JDK's {@link java.net.http} asking for the
 * {@code centrifuge-protobuf} subprotocol: sends hand-built length-delimited {@code Command}s in
 * binary frames and splits what arrives into the {@code Reply} messages (their bytes, without
 * the length). Enough protobuf for the contract tests; the real client is tested in examples'
 * CentrifugeJavaIT.
 */
final class ProtobufSocket implements WebSocket.Listener, AutoCloseable {
    final BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    final CompletableFuture<JdkWebSocket.Close> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private volatile int textFrames;
    private WebSocket socket;

    static ProtobufSocket open(HttpClient http, URI uri, String token) throws Exception {
        ProtobufSocket s = new ProtobufSocket();
        s.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .subprotocols("centrifuge-protobuf")
                .buildAsync(uri, s).get(10, TimeUnit.SECONDS);
        return s;
    }

    /** The subprotocol the server chose. */
    String subprotocol() {
        return socket.getSubprotocol();
    }

    void send(byte[]... commands) throws Exception {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (byte[] c : commands) {
            varint(frame, c.length);
            frame.writeBytes(c);
        }
        socket.sendBinary(ByteBuffer.wrap(frame.toByteArray()), true).get(10, TimeUnit.SECONDS);
    }

    void sendText(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    /** The next reply (a Reply message without its length), or null after 10 s. */
    byte[] next() throws InterruptedException {
        return replies.poll(10, TimeUnit.SECONDS);
    }

    int textFrames() {
        return textFrames;
    }

    /** {@code Command{id, <field>: {1: channel}}}, or an empty request when {@code channel} is null. */
    static byte[] command(int id, int field, String channel) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        if (channel != null) {
            byte[] c = channel.getBytes(StandardCharsets.UTF_8);
            request.write(0x0A);
            varint(request, c.length);
            request.writeBytes(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x08);
        varint(out, id);
        varint(out, (field << 3) | 2);
        varint(out, request.size());
        out.writeBytes(request.toByteArray());
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        partial.writeBytes(b);
        if (last) {
            byte[] frame = partial.toByteArray();
            partial.reset();
            int pos = 0;
            while (pos < frame.length) {
                long length = 0;
                for (int shift = 0; ; shift += 7) {
                    byte x = frame[pos++];
                    length |= (long) (x & 0x7F) << shift;
                    if ((x & 0x80) == 0) {
                        break;
                    }
                }
                byte[] message = new byte[(int) length];
                System.arraycopy(frame, pos, message, 0, message.length);
                pos += message.length;
                replies.add(message);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        textFrames++;
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new JdkWebSocket.Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new JdkWebSocket.Close(-1, String.valueOf(error)));
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
