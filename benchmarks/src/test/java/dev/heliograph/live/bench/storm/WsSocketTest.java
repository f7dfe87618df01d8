package dev.heliograph.live.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The storm's WebSocket client")
class WsSocketTest {
    private ClientLoop loop;
    private ServerSocket listener;

    @BeforeEach
    void start() throws IOException {
        loop = new ClientLoop("test-loop");
        listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(10_000);
    }

    @AfterEach
    void stop() throws IOException {
        loop.close();
        listener.close();
    }

    @Test
    @DisplayName("upgrades, sends masked text the server decodes, and hands the server's text to its handler")
    void exchangesText() throws Exception {
        Recorder recorder = new Recorder();
        WsSocket socket = open(recorder, 0);
        try (Peer peer = Peer.accept(listener)) {
            recorder.opened.get(10, TimeUnit.SECONDS);
            socket.sendText("{\"id\":1,\"connect\":{}}");
            assertThat(peer.readFrame()).isEqualTo(new Frame(0x1, "{\"id\":1,\"connect\":{}}"));
            peer.sendFrame(0x1, "{\"id\":1,\"connect\":{\"client\":\"c1\"}}\n{}".getBytes(StandardCharsets.UTF_8));
            assertThat(recorder.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"id\":1,\"connect\":{\"client\":\"c1\"}}\n{}");
        }
    }

    @Test
    @DisplayName("abort resets the TCP connection: the server's read fails with a reset, with no close frame before it")
    void abortResets() throws Exception {
        Recorder recorder = new Recorder();
        WsSocket socket = open(recorder, 0);
        try (Peer peer = Peer.accept(listener)) {
            recorder.opened.get(10, TimeUnit.SECONDS);
            socket.abort();
            assertThat(recorder.ended.get(10, TimeUnit.SECONDS).kind()).isEqualTo(WsSocket.EndKind.ABORTED);
            assertThatThrownBy(peer.in::read).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    @DisplayName("drop closes TCP without a close frame: the server reads the end of the stream")
    void dropSendsFinOnly() throws Exception {
        Recorder recorder = new Recorder();
        WsSocket socket = open(recorder, 0);
        try (Peer peer = Peer.accept(listener)) {
            recorder.opened.get(10, TimeUnit.SECONDS);
            socket.drop();
            assertThat(recorder.ended.get(10, TimeUnit.SECONDS).kind()).isEqualTo(WsSocket.EndKind.DROPPED);
            assertThat(peer.in.read()).isEqualTo(-1);
        }
    }

    @Test
    @DisplayName("a close frame from the server ends it with the frame's code and reason, and is answered")
    void reportsTheServersCloseCode() throws Exception {
        Recorder recorder = new Recorder();
        open(recorder, 0);
        try (Peer peer = Peer.accept(listener)) {
            recorder.opened.get(10, TimeUnit.SECONDS);
            peer.sendFrame(0x8, new byte[] {0x0B, (byte) 0xC0, 's', 'l', 'o', 'w'});
            WsSocket.Ending ending = recorder.ended.get(10, TimeUnit.SECONDS);
            assertThat(ending.kind()).isEqualTo(WsSocket.EndKind.CLOSE_FRAME);
            assertThat(ending.code()).isEqualTo(3008);
            assertThat(ending.describe()).isEqualTo("close 3008 slow");
            assertThat(peer.readFrame().opcode()).isEqualTo(0x8);
        }
    }

    @Test
    @DisplayName("a WebSocket ping is answered with a pong carrying the same payload")
    void answersPings() throws Exception {
        Recorder recorder = new Recorder();
        open(recorder, 0);
        try (Peer peer = Peer.accept(listener)) {
            recorder.opened.get(10, TimeUnit.SECONDS);
            peer.sendFrame(0x9, "hi".getBytes(StandardCharsets.UTF_8));
            assertThat(peer.readFrame()).isEqualTo(new Frame(0xA, "hi"));
        }
    }

    @Test
    @DisplayName("a server that does not answer 101 ends it as an upgrade failure naming the status line")
    void reportsARefusedUpgrade() throws Exception {
        Recorder recorder = new Recorder();
        open(recorder, 0);
        try (Socket s = listener.accept()) {
            Peer.readHead(s.getInputStream());
            s.getOutputStream().write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            WsSocket.Ending ending = recorder.ended.get(10, TimeUnit.SECONDS);
            assertThat(ending.kind()).isEqualTo(WsSocket.EndKind.UPGRADE_FAILED);
            assertThat(ending.reason()).isEqualTo("HTTP/1.1 503 Service Unavailable");
        }
    }

    @Test
    @DisplayName("a message larger than one read arrives whole")
    void joinsLargeMessages() throws Exception {
        Recorder recorder = new Recorder();
        open(recorder, 0);
        try (Peer peer = Peer.accept(listener)) {
            recorder.opened.get(10, TimeUnit.SECONDS);
            String big = "x".repeat(300_000);
            peer.sendFrame(0x1, big.getBytes(StandardCharsets.US_ASCII));
            assertThat(recorder.texts.poll(10, TimeUnit.SECONDS)).isEqualTo(big);
        }
    }

    @Test
    @DisplayName("frames it encodes carry the length form RFC 6455 asks for and unmask to the payload")
    void encodesAllLengthForms() {
        for (int length : new int[] {0, 125, 126, 65535, 65536}) {
            byte[] payload = new byte[length];
            byte[] frame = WsSocket.encodeFrame(0x1, payload, 0, length, 0x01020304);
            int header = length < 126 ? 6 : length < 65536 ? 8 : 14;
            assertThat(frame).hasSize(header + length);
            assertThat(frame[1] & 0x80).as("mask bit").isEqualTo(0x80);
            assertThat(frame[1] & 0x7F).isEqualTo(length < 126 ? length : length < 65536 ? 126 : 127);
        }
    }

    private WsSocket open(Recorder recorder, int receiveBuffer) {
        WsSocket socket = new WsSocket(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()),
                null, "/api/live/ws", "Basic eA==", receiveBuffer, recorder);
        socket.start();
        return socket;
    }

    private static final class Recorder implements WsSocket.Handler {
        final CompletableFuture<Void> opened = new CompletableFuture<>();
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<WsSocket.Ending> ended = new CompletableFuture<>();

        @Override
        public void onOpen(WsSocket socket) {
            opened.complete(null);
        }

        @Override
        public void onText(WsSocket socket, byte[] data, int offset, int length) {
            texts.add(new String(data, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void onClosed(WsSocket socket, WsSocket.Ending ending) {
            ended.complete(ending);
        }
    }

    record Frame(int opcode, String text) {}

    /** The server end: a blocking socket that completes the upgrade and speaks raw frames. */
    private static final class Peer implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        private Peer(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Peer accept(ServerSocket listener) throws IOException {
            Peer peer = new Peer(listener.accept());
            String head = readHead(peer.in);
            assertThat(head).startsWith("GET /api/live/ws HTTP/1.1\r\n").contains("Authorization: Basic eA==\r\n");
            String key = head.substring(head.indexOf("Sec-WebSocket-Key: ") + 19);
            key = key.substring(0, key.indexOf("\r\n"));
            peer.out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + WsSocket.accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return peer;
        }

        static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the client closed during its request");
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        Frame readFrame() throws IOException {
            int b0 = in.read();
            int b1 = in.read();
            assertThat(b1 & 0x80).as("client frames are masked").isEqualTo(0x80);
            int length = b1 & 0x7F;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            }
            byte[] mask = in.readNBytes(4);
            byte[] payload = in.readNBytes(length);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            return new Frame(b0 & 0x0F, new String(payload, StandardCharsets.UTF_8));
        }

        void sendFrame(int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x80 | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length < 65536) {
                frame.write(126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length);
            } else {
                frame.write(127);
                for (int i = 7; i >= 0; i--) {
                    frame.write((int) ((long) payload.length >>> (8 * i)));
                }
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
