package dev.heliograph.live.bench.storm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client WebSocket (RFC 6455) over one non-blocking {@link SocketChannel}, driven by a
 * {@link ClientLoop}: HTTP upgrade, masked outgoing frames, pings answered, the close handshake,
 * and, what a storm needs and ordinary clients hide, full control over how the connection ends:
 * {@link #abort()} resets it (SO_LINGER 0, so the kernel sends RST and nothing else),
 * {@link #drop()} closes the TCP connection without a WebSocket close frame (FIN), and
 * {@link #pauseReading()} stops reading so the server's writes back up.
 *
 * <p>Its state belongs to its loop's thread; the public methods may be called from any thread
 * and hand their work to the loop. The {@link Handler} is called on the loop thread.
 */
final class WsSocket {
    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final int MAX_RESPONSE_HEAD = 16 * 1024;
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    /** What the connection's user hears, on the loop thread. */
    interface Handler {
        /** The upgrade succeeded; the socket may send. */
        void onOpen(WsSocket socket);

        /** One whole text message (fragments joined); {@code data} is only valid during the call. */
        void onText(WsSocket socket, byte[] data, int offset, int length);

        /** The connection ended, once; {@link #ending()} is set. */
        void onClosed(WsSocket socket, Ending ending);
    }

    /** How a connection ended. */
    enum EndKind {
        /** The server sent a close frame (its code and reason are in the {@link Ending}). */
        CLOSE_FRAME,
        /** The server closed TCP without a close frame. */
        EOF,
        /** A read or write failed (typically connection reset by the server). */
        RESET,
        /** This client reset the connection ({@link #abort()}). */
        ABORTED,
        /** This client closed TCP without a close frame ({@link #drop()}). */
        DROPPED,
        /** This client closed with a close frame and the server answered or went away. */
        CLOSED_BY_CLIENT,
        /** TCP connect failed. */
        CONNECT_FAILED,
        /** The server did not answer the upgrade with 101 (reason: its status line). */
        UPGRADE_FAILED,
        /** The server sent something that is not WebSocket. */
        PROTOCOL_ERROR
    }

    /**
     * @param kind how it ended
     * @param code the close code (close frames only; 1005 when the frame had none; 0 otherwise)
     * @param reason the close reason, status line or exception text
     * @param atNanos {@link System#nanoTime()} when it was seen
     */
    record Ending(EndKind kind, int code, String reason, long atNanos) {
        /** e.g. {@code close 3008 slow}, {@code EOF}, {@code reset (Connection reset)}. */
        String describe() {
            return switch (kind) {
                case CLOSE_FRAME -> "close " + code + (reason.isEmpty() ? "" : " " + reason);
                case RESET, CONNECT_FAILED, UPGRADE_FAILED, PROTOCOL_ERROR ->
                        kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + reason + ")";
                default -> kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            };
        }
    }

    private enum State { CONNECTING, UPGRADING, OPEN, CLOSING, CLOSED }

    private final ClientLoop loop;
    private final InetSocketAddress server;
    private final InetAddress source;
    private final int receiveBuffer;
    private final Handler handler;
    private final byte[] upgradeRequest;
    private final String expectedAccept;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private final long startNanos = System.nanoTime();
    private SocketChannel channel;
    private SelectionKey key;
    private State state = State.CONNECTING;
    private byte[] pending = new byte[0];
    private int pendingLength;
    private ByteArrayOutputStream fragments;
    private boolean readPaused;
    private boolean closeSent;
    private long queuedBytes;
    private Runnable drainListener;
    private volatile long openNanos;
    private volatile Ending ending;

    /**
     * @param path the request target, e.g. {@code /api/live/ws}
     * @param authorization an {@code Authorization} header value, or null
     * @param receiveBuffer SO_RCVBUF to set before connecting (small values make a slow reader
     *                      back up sooner), or 0 for the system default
     */
    WsSocket(ClientLoop loop, InetSocketAddress server, InetAddress source, String path, String authorization,
            int receiveBuffer, Handler handler) {
        this.loop = loop;
        this.server = server;
        this.source = source;
        this.receiveBuffer = receiveBuffer;
        this.handler = handler;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        this.expectedAccept = accept(key);
        this.upgradeRequest = upgradeRequest(server, path, key, authorization).getBytes(StandardCharsets.US_ASCII);
    }

    /** The HTTP/1.1 upgrade request this client sends, byte for byte. */
    static String upgradeRequest(InetSocketAddress server, String path, String key, String authorization) {
        StringBuilder request = new StringBuilder(256)
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(server.getHostString()).append(':').append(server.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (authorization != null) {
            request.append("Authorization: ").append(authorization).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /** The {@code Sec-WebSocket-Accept} a server must answer to {@code key}. */
    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** Connects (asynchronously, on the loop). */
    void start() {
        loop.execute(this::connect);
    }

    ClientLoop loop() {
        return loop;
    }

    /** How it ended, or null while it is connecting or open. */
    Ending ending() {
        return ending;
    }

    /** {@link System#nanoTime()} when the upgrade succeeded, or 0. */
    long openNanos() {
        return openNanos;
    }

    long startNanos() {
        return startNanos;
    }

    /** Sends one text message (any thread); ignored once closing. */
    void sendText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (loop.inLoop()) {
            sendFrame(0x1, bytes, 0, bytes.length);
        } else {
            loop.execute(() -> sendFrame(0x1, bytes, 0, bytes.length));
        }
    }

    /** Starts the close handshake with {@code code} (any thread). */
    void close(int code, String reason) {
        loop.execute(() -> {
            if (state == State.OPEN) {
                sendClose(code, reason);
                state = State.CLOSING;
            } else if (state != State.CLOSED && state != State.CLOSING) {
                end(EndKind.CLOSED_BY_CLIENT, 0, "closed before the upgrade finished");
            }
        });
    }

    /** Resets the connection: SO_LINGER 0 then close, so the peer sees RST and no close frame (any thread). */
    void abort() {
        if (loop.inLoop()) {
            abortNow();
        } else {
            loop.execute(this::abortNow);
        }
    }

    /** Closes TCP (FIN) without a close frame (any thread). */
    void drop() {
        if (loop.inLoop()) {
            dropNow();
        } else {
            loop.execute(this::dropNow);
        }
    }

    private void dropNow() {
        if (state != State.CLOSED) {
            end(EndKind.DROPPED, 0, "");
        }
    }

    /** Stops reading: the server's writes back up in the kernel buffers, then in the server (any thread). */
    void pauseReading() {
        loop.execute(() -> {
            readPaused = true;
            updateInterest();
        });
    }

    /** Reads again (any thread). */
    void resumeReading() {
        loop.execute(() -> {
            readPaused = false;
            updateInterest();
        });
    }

    /** Bytes queued but not yet written (loop thread). */
    long queuedBytes() {
        return queuedBytes;
    }

    /**
     * Keeps the socket writing: whenever its write queue is empty, {@code refill} runs on the loop
     * thread and queues more with {@link #queueText} (a client that floods the server). Any thread.
     */
    void pump(Runnable refill) {
        loop.execute(() -> {
            drainListener = refill;
            flush();
        });
    }

    /** Stops a {@link #pump} (any thread). */
    void stopPump() {
        loop.execute(() -> {
            drainListener = null;
            updateInterest();
        });
    }

    /** Queues a text frame without writing yet (loop thread only; for a {@link #pump} refill). */
    void queueText(byte[] utf8) {
        if (state == State.OPEN && !closeSent) {
            queue(ByteBuffer.wrap(encodeFrame(0x1, utf8, 0, utf8.length, ThreadLocalRandom.current().nextInt())));
        }
    }

    // ---- loop thread ---------------------------------------------------------------------

    private void connect() {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (receiveBuffer > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            }
            if (source != null) {
                channel.bind(new InetSocketAddress(source, 0));
            }
            key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            if (channel.connect(server)) {
                connected();
            }
        } catch (IOException | RuntimeException e) {
            end(EndKind.CONNECT_FAILED, 0, reason(e));
        }
    }

    void onReady(SelectionKey ready) {
        if (state == State.CLOSED) {
            return;
        }
        if (ready.isConnectable()) {
            try {
                if (channel.finishConnect()) {
                    connected();
                }
            } catch (IOException e) {
                end(EndKind.CONNECT_FAILED, 0, reason(e));
            }
            return;
        }
        if (ready.isWritable()) {
            flush();
        }
        if (state != State.CLOSED && ready.isReadable()) {
            read();
        }
    }

    private void connected() {
        state = State.UPGRADING;
        queue(ByteBuffer.wrap(upgradeRequest));
        updateInterest();
        flush();
    }

    private void read() {
        ByteBuffer buffer = loop.readBuffer();
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            end(EndKind.RESET, 0, reason(e));
            return;
        }
        if (n < 0) {
            end(state == State.CLOSING ? EndKind.CLOSED_BY_CLIENT : EndKind.EOF, 0, "");
            return;
        }
        if (n == 0) {
            return;
        }
        byte[] data;
        int length;
        if (pendingLength > 0) {
            append(buffer.array(), 0, n);
            data = pending;
            length = pendingLength;
        } else {
            data = buffer.array();
            length = n;
        }
        int consumed = process(data, length);
        if (state == State.CLOSED) {
            pendingLength = 0;
            return;
        }
        int left = length - consumed;
        if (data == pending) {
            System.arraycopy(pending, consumed, pending, 0, left);
            pendingLength = left;
        } else {
            pendingLength = 0;
            append(data, consumed, left);
        }
        if (pendingLength == 0 && pending.length > 256 * 1024) {
            pending = new byte[0]; // do not hold a big frame's buffer for the rest of the run
        }
    }

    private void append(byte[] data, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (pendingLength + length > pending.length) {
            byte[] bigger = new byte[Math.max(pendingLength + length, Math.max(4096, pending.length * 2))];
            System.arraycopy(pending, 0, bigger, 0, pendingLength);
            pending = bigger;
        }
        System.arraycopy(data, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    /** Handles what is complete in {@code data[0, length)}; returns how many bytes it used. */
    private int process(byte[] data, int length) {
        int p = 0;
        if (state == State.UPGRADING) {
            int headEnd = LiveClient.indexOf(data, 0, length, HEAD_END);
            if (headEnd < 0) {
                if (length > MAX_RESPONSE_HEAD) {
                    end(EndKind.UPGRADE_FAILED, 0, "no end of the response head within " + MAX_RESPONSE_HEAD + " bytes");
                }
                return 0;
            }
            p = headEnd + HEAD_END.length;
            String head = new String(data, 0, headEnd, StandardCharsets.ISO_8859_1);
            String problem = checkUpgrade(head, expectedAccept);
            if (problem != null) {
                end(EndKind.UPGRADE_FAILED, 0, problem);
                return length;
            }
            state = State.OPEN;
            openNanos = System.nanoTime();
            handler.onOpen(this);
        }
        while (state == State.OPEN || state == State.CLOSING) {
            if (length - p < 2) {
                break;
            }
            int b0 = data[p] & 0xFF;
            int b1 = data[p + 1] & 0xFF;
            long payloadLength = b1 & 0x7F;
            int header = 2;
            if (payloadLength == 126) {
                if (length - p < 4) {
                    break;
                }
                payloadLength = ((data[p + 2] & 0xFF) << 8) | (data[p + 3] & 0xFF);
                header = 4;
            } else if (payloadLength == 127) {
                if (length - p < 10) {
                    break;
                }
                payloadLength = 0;
                for (int i = 0; i < 8; i++) {
                    payloadLength = (payloadLength << 8) | (data[p + 2 + i] & 0xFF);
                }
                header = 10;
            }
            if ((b1 & 0x80) != 0) {
                end(EndKind.PROTOCOL_ERROR, 0, "the server masked a frame");
                return length;
            }
            if (payloadLength > MAX_FRAME) {
                end(EndKind.PROTOCOL_ERROR, 0, "a frame of " + payloadLength + " bytes (more than " + MAX_FRAME + ")");
                return length;
            }
            if (length - p - header < payloadLength) {
                break;
            }
            int start = p + header;
            frame((b0 & 0x80) != 0, b0 & 0x0F, data, start, (int) payloadLength);
            p = start + (int) payloadLength;
        }
        return state == State.CLOSED ? length : p;
    }

    /** Null when {@code head} is a 101 answer with the right accept value, else what is wrong. */
    static String checkUpgrade(String head, String expectedAccept) {
        int firstLineEnd = head.indexOf("\r\n");
        String statusLine = firstLineEnd < 0 ? head : head.substring(0, firstLineEnd);
        if (!statusLine.startsWith("HTTP/1.1 101")) {
            return statusLine;
        }
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Accept")) {
                String value = line.substring(colon + 1).trim();
                return value.equals(expectedAccept) ? null : "wrong Sec-WebSocket-Accept '" + value + "'";
            }
        }
        return "no Sec-WebSocket-Accept in the 101 answer";
    }

    private void frame(boolean fin, int opcode, byte[] data, int offset, int length) {
        switch (opcode) {
            case 0x1 -> {
                if (fin) {
                    handler.onText(this, data, offset, length);
                } else {
                    fragments = new ByteArrayOutputStream(length * 2);
                    fragments.write(data, offset, length);
                }
            }
            case 0x0 -> {
                if (fragments == null) {
                    end(EndKind.PROTOCOL_ERROR, 0, "a continuation frame without a first fragment");
                    return;
                }
                fragments.write(data, offset, length);
                if (fin) {
                    byte[] whole = fragments.toByteArray();
                    fragments = null;
                    handler.onText(this, whole, 0, whole.length);
                }
            }
            case 0x8 -> {
                int code = length >= 2 ? ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF) : 1005;
                String reason = length > 2 ? new String(data, offset + 2, length - 2, StandardCharsets.UTF_8) : "";
                if (!closeSent) {
                    sendClose(code == 1005 ? 1000 : code, "");
                }
                end(EndKind.CLOSE_FRAME, code, reason);
            }
            case 0x9 -> sendFrame(0xA, data, offset, length);
            default -> {
                // pong or binary: nothing the storm measures
            }
        }
    }

    private void sendClose(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, 123)];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        sendFrame(0x8, payload, 0, payload.length);
        closeSent = true;
    }

    private void sendFrame(int opcode, byte[] payload, int offset, int length) {
        if (state == State.CLOSED || closeSent || (state != State.OPEN && state != State.CLOSING)) {
            return;
        }
        queue(ByteBuffer.wrap(encodeFrame(opcode, payload, offset, length, ThreadLocalRandom.current().nextInt())));
        flush();
    }

    /** One final, masked client frame. */
    static byte[] encodeFrame(int opcode, byte[] payload, int offset, int length, int mask) {
        int header = 2 + (length < 126 ? 0 : length < 65536 ? 2 : 8) + 4;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) (0x80 | opcode);
        int p;
        if (length < 126) {
            frame[1] = (byte) (0x80 | length);
            p = 2;
        } else if (length < 65536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
            p = 4;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
            p = 10;
        }
        byte[] key = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
        System.arraycopy(key, 0, frame, p, 4);
        p += 4;
        for (int i = 0; i < length; i++) {
            frame[p + i] = (byte) (payload[offset + i] ^ key[i & 3]);
        }
        return frame;
    }

    private void queue(ByteBuffer buffer) {
        out.add(buffer);
        queuedBytes += buffer.remaining();
    }

    private void flush() {
        if (state == State.CLOSED || channel == null) {
            return;
        }
        try {
            // a pumping socket refills a few times per readiness, then lets the other sockets run
            for (int refills = 0; ; refills++) {
                while (!out.isEmpty()) {
                    ByteBuffer head = out.peek();
                    int written = channel.write(head);
                    queuedBytes -= written;
                    if (head.hasRemaining()) {
                        break;
                    }
                    out.poll();
                }
                if (!out.isEmpty() || drainListener == null || state != State.OPEN || refills == 8) {
                    break;
                }
                drainListener.run();
            }
        } catch (IOException e) {
            end(EndKind.RESET, 0, reason(e));
            return;
        }
        updateInterest();
    }

    private void updateInterest() {
        if (key == null || !key.isValid() || state == State.CONNECTING) {
            return;
        }
        boolean pumping = drainListener != null && state == State.OPEN;
        int ops = (readPaused ? 0 : SelectionKey.OP_READ) | (out.isEmpty() && !pumping ? 0 : SelectionKey.OP_WRITE);
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private void abortNow() {
        if (state == State.CLOSED) {
            return;
        }
        if (channel != null && channel.isOpen()) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException e) {
                // already broken: closing below ends it either way
            }
        }
        end(EndKind.ABORTED, 0, "");
    }

    private void end(EndKind kind, int code, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        out.clear();
        queuedBytes = 0;
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a broken channel: nothing to add
            }
        }
        Ending end = new Ending(kind, code, reason, System.nanoTime());
        ending = end;
        handler.onClosed(this, end);
    }

    static String reason(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
