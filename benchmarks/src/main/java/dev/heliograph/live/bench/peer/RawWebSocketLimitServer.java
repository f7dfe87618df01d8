package dev.heliograph.live.bench.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The physical limit of a fan-out on this machine: a plain NIO server on one thread, no
 * container, no library. It does the WebSocket handshake minimally, acknowledges each command
 * line like {@link BareEndpointServer} (so the same clients subscribe), and for
 * {@code POST /api/live/publish} builds one text frame (header and payload, in one direct buffer)
 * and writes that same buffer to every subscribed socket: one {@code write} call per socket, no
 * per-socket encode, copy or allocation. It answers the POST after the loop. A socket whose
 * kernel buffer is full keeps the rest in its own copy until it drains.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.heliograph.live.bench.peer.RawWebSocketLimitServer --port 8092},
 * WebSocket at any path. Everything runs on the main thread.
 */
public final class RawWebSocketLimitServer {
    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Selector selector;
    private final Map<String, Set<Peer>> subscribers = new HashMap<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final MessageDigest sha1;

    /** One accepted socket: HTTP until it upgrades, then WebSocket. */
    private static final class Peer {
        final SocketChannel channel;
        boolean webSocket;
        byte[] carry;
        ByteBuffer pendingOut;
        String subscribed;

        Peer(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private RawWebSocketLimitServer(int port) throws IOException, NoSuchAlgorithmException {
        selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        sha1 = MessageDigest.getInstance("SHA-1");
    }

    public static void main(String[] args) throws Exception {
        int port = PeerServer.port(args);
        RawWebSocketLimitServer server = new RawWebSocketLimitServer(port);
        System.out.println("raw WebSocket limit server on ws://127.0.0.1:" + port + "/, pid " + ProcessHandle.current().pid());
        server.loop();
    }

    private void loop() throws IOException {
        while (true) {
            selector.select();
            for (SelectionKey key : selector.selectedKeys()) {
                try {
                    if (key.isAcceptable()) {
                        accept((ServerSocketChannel) key.channel());
                        continue;
                    }
                    Peer peer = (Peer) key.attachment();
                    if (key.isValid() && key.isWritable()) {
                        flush(peer, key);
                    }
                    if (key.isValid() && key.isReadable()) {
                        read(peer, key);
                    }
                } catch (IOException | RuntimeException e) {
                    drop(key);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private void accept(ServerSocketChannel server) throws IOException {
        for (SocketChannel ch; (ch = server.accept()) != null; ) {
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, new Peer(ch));
        }
    }

    private void read(Peer peer, SelectionKey key) throws IOException {
        readBuffer.clear();
        if (peer.carry != null) {
            if (peer.carry.length > readBuffer.capacity() / 2) {
                throw new IOException("request too large");
            }
            readBuffer.put(peer.carry);
            peer.carry = null;
        }
        int n = peer.channel.read(readBuffer);
        if (n < 0) {
            drop(key);
            return;
        }
        readBuffer.flip();
        byte[] data = new byte[readBuffer.remaining()];
        readBuffer.get(data);
        int used = peer.webSocket ? frames(peer, key, data) : http(peer, key, data);
        if (key.isValid() && used < data.length) {
            peer.carry = java.util.Arrays.copyOfRange(data, used, data.length);
        }
    }

    /** Handles whole HTTP requests in {@code data}; returns the bytes consumed. */
    private int http(Peer peer, SelectionKey key, byte[] data) throws IOException {
        int pos = 0;
        while (pos < data.length && !peer.webSocket) {
            int end = indexOf(data, pos, HEADER_END);
            if (end < 0) {
                return pos;
            }
            String head = new String(data, pos, end - pos, StandardCharsets.ISO_8859_1);
            int bodyStart = end + HEADER_END.length;
            if (head.startsWith("GET ")) {
                String wsKey = header(head, "sec-websocket-key");
                if (wsKey == null) {
                    write(peer, key, ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
                    return data.length;
                }
                String accept = Base64.getEncoder().encodeToString(sha1.digest((wsKey + GUID).getBytes(StandardCharsets.US_ASCII)));
                write(peer, key, ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n"));
                peer.webSocket = true;
                return bodyStart + frames(peer, key, java.util.Arrays.copyOfRange(data, bodyStart, data.length));
            }
            String length = header(head, "content-length");
            int bodyLength = length == null ? 0 : Integer.parseInt(length.trim());
            if (data.length - bodyStart < bodyLength) {
                return pos;
            }
            String body = new String(data, bodyStart, bodyLength, StandardCharsets.UTF_8);
            pos = bodyStart + bodyLength;
            if (head.startsWith("POST /api/live/publish")) {
                try {
                    fanOut(PeerPublish.parse(body));
                    write(peer, key, ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"));
                } catch (IllegalArgumentException e) {
                    write(peer, key, ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
                }
            } else {
                write(peer, key, ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
            }
        }
        return pos;
    }

    /** One frame built once, the same buffer written to every subscriber. */
    private void fanOut(PeerPublish publish) throws IOException {
        Set<Peer> peers = subscribers.get(publish.channel());
        if (peers == null || peers.isEmpty()) {
            return;
        }
        ByteBuffer frame = frame(publish.push().getBytes(StandardCharsets.UTF_8));
        List<Peer> broken = null;
        for (Peer peer : peers) {
            frame.position(0);
            try {
                if (peer.pendingOut != null) {
                    peer.pendingOut = append(peer.pendingOut, frame);
                    continue;
                }
                peer.channel.write(frame);
                if (frame.hasRemaining()) {
                    peer.pendingOut = ByteBuffer.allocate(frame.remaining()).put(frame).flip();
                    peer.channel.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
            } catch (IOException e) {
                if (broken == null) {
                    broken = new ArrayList<>();
                }
                broken.add(peer);
            }
        }
        if (broken != null) {
            for (Peer peer : broken) {
                drop(peer.channel.keyFor(selector));
            }
        }
    }

    /** Reads client frames (masked): acknowledges commands, records subscriptions, answers pings and closes. */
    private int frames(Peer peer, SelectionKey key, byte[] data) throws IOException {
        int pos = 0;
        while (data.length - pos >= 2) {
            int opcode = data[pos] & 0x0F;
            boolean masked = (data[pos + 1] & 0x80) != 0;
            long length = data[pos + 1] & 0x7F;
            int header = 2;
            if (length == 126) {
                if (data.length - pos < 4) {
                    break;
                }
                length = ((data[pos + 2] & 0xFF) << 8) | (data[pos + 3] & 0xFF);
                header = 4;
            } else if (length == 127) {
                throw new IOException("client frame too large");
            }
            int maskAt = pos + header;
            int start = maskAt + (masked ? 4 : 0);
            if (data.length < start + length) {
                break;
            }
            byte[] payload = new byte[(int) length];
            for (int i = 0; i < length; i++) {
                payload[i] = (byte) (data[start + i] ^ (masked ? data[maskAt + (i & 3)] : 0));
            }
            pos = (int) (start + length);
            switch (opcode) {
                case 1 -> text(peer, key, new String(payload, StandardCharsets.UTF_8));
                case 8 -> {
                    write(peer, key, new byte[] {(byte) 0x88, 0});
                    drop(key);
                    return data.length;
                }
                case 9 -> {
                    ByteBuffer pong = ByteBuffer.allocate(2 + payload.length).put((byte) 0x8A).put((byte) payload.length).put(payload);
                    write(peer, key, pong.array());
                }
                default -> { }
            }
        }
        return pos;
    }

    private void text(Peer peer, SelectionKey key, String text) throws IOException {
        for (String line : text.split("\n")) {
            String channel = PeerPublish.subscribedChannel(line);
            if (channel != null && peer.subscribed == null) {
                peer.subscribed = channel;
                subscribers.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(peer);
            }
            String reply = BareEndpointServer.ack(line);
            if (reply != null) {
                ByteBuffer frame = frame(reply.getBytes(StandardCharsets.UTF_8));
                byte[] bytes = new byte[frame.remaining()];
                frame.get(bytes);
                write(peer, key, bytes);
            }
        }
    }

    /** An unmasked final text frame in a direct buffer, positioned at 0. */
    private static ByteBuffer frame(byte[] payload) {
        int header = payload.length < 126 ? 2 : payload.length < 65_536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocateDirect(header + payload.length);
        frame.put((byte) 0x81);
        if (payload.length < 126) {
            frame.put((byte) payload.length);
        } else if (payload.length < 65_536) {
            frame.put((byte) 126).putShort((short) payload.length);
        } else {
            frame.put((byte) 127).putLong(payload.length);
        }
        return frame.put(payload).flip();
    }

    private void write(Peer peer, SelectionKey key, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (peer.pendingOut != null) {
            peer.pendingOut = append(peer.pendingOut, buffer);
            return;
        }
        peer.channel.write(buffer);
        if (buffer.hasRemaining()) {
            peer.pendingOut = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void flush(Peer peer, SelectionKey key) throws IOException {
        if (peer.pendingOut != null) {
            peer.channel.write(peer.pendingOut);
            if (!peer.pendingOut.hasRemaining()) {
                peer.pendingOut = null;
            }
        }
        if (peer.pendingOut == null) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void drop(SelectionKey key) {
        if (key == null) {
            return;
        }
        key.cancel();
        if (key.attachment() instanceof Peer peer) {
            if (peer.subscribed != null) {
                Set<Peer> peers = subscribers.get(peer.subscribed);
                if (peers != null) {
                    peers.remove(peer);
                }
            }
        }
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static ByteBuffer append(ByteBuffer pending, ByteBuffer more) {
        ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + more.remaining());
        return joined.put(pending).put(more).flip();
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static int indexOf(byte[] data, int from, byte[] key) {
        outer:
        for (int i = from; i <= data.length - key.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (data[i + j] != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
