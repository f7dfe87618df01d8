package dev.heliograph.live.bench.fanout;

import dev.heliograph.live.bench.load.SourceAddresses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One receiving process of the fan-out harness: opens its share of subscriber connections over
 * plain NIO on one thread (no WebSocket library), speaks just enough Centrifuge JSON (connect,
 * subscribe, answer {@code {}} pings and ping frames), and for every publication line reads the
 * {@code sent_ns} stamp (the publisher's <em>scheduled</em> send time, {@code System.nanoTime()}
 * is one monotonic clock for all processes of the machine) and the {@code seq} straight from the
 * received bytes into an HdrHistogram. Cheap enough that one core takes well over 200k
 * deliveries a second when frames carry several messages.
 *
 * <p>With {@code --protocol stomp} it speaks STOMP 1.2 instead ({@link StompFrames}: subprotocol
 * {@code v12.stomp}, {@code CONNECT}, {@code SUBSCRIBE} with a receipt, counted as subscribed on
 * the {@code RECEIPT}) and reads the same two numbers from each {@code MESSAGE} body, which is
 * the publisher's JSON data as sent.
 *
 * <p>Driven by {@link FanoutRun} through stdin/stdout: prints {@code READY ...} once every
 * connection subscribed or failed, {@code PROGRESS <deliveries>} while counting, and answers the
 * commands {@code RESET}, {@code REPORT} and {@code QUIT}. Everything runs on the main thread but
 * the stdin reader, which only queues commands.
 */
public final class FanoutClient {
    private static final int CONNECTING = 0;
    private static final int UPGRADING = 1;
    private static final int CONNECTED = 2;
    private static final int SUBSCRIBED = 3;
    private static final byte[] HEADER_END = TextScan.bytes("\r\n\r\n");

    private final Map<String, String> args;
    private final URI url;
    private final InetSocketAddress target;
    private final int connections;
    private final int firstIndex;
    private final int channels;
    private final String channel;
    private final int concurrency;
    private final SourceAddresses sources;
    private final String authorization;
    private final boolean stomp;
    private final ByteBuffer upgrade;
    private final ByteBuffer pingReply = ClientFrames.text("{}");
    private final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
    private final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();
    private final Histogram latency = new Histogram(TimeUnit.HOURS.toNanos(1), 3);
    private final long[] lastReceipt;
    private Selector selector;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);

    private long deliveries;
    private long frames;
    private long untimed;
    private long otherPushes;
    private long pings;
    private int subscribed;
    private int failed;
    private int closedByServer;
    private int inProgress;
    private String firstFailure;
    private long connectStart;
    private long connectEnd;

    private static final class Conn {
        final SocketChannel channel;
        final int index;
        int state = CONNECTING;
        byte[] carry;
        ByteBuffer pendingOut;

        Conn(SocketChannel channel, int index) {
            this.channel = channel;
            this.index = index;
        }
    }

    private FanoutClient(Map<String, String> args) {
        this.args = args;
        this.url = URI.create(FanoutArgs.required(args, "url"));
        this.target = new InetSocketAddress(url.getHost(), url.getPort());
        this.connections = FanoutArgs.intArg(args, "connections", 1000);
        this.firstIndex = FanoutArgs.intArg(args, "first-index", 0);
        this.channels = FanoutArgs.intArg(args, "channels", 1);
        this.channel = args.getOrDefault("subscribe-channel", "1/grafana/broadcast/load");
        this.concurrency = FanoutArgs.intArg(args, "concurrency", 256);
        this.sources = SourceAddresses.startingAt(args.getOrDefault("first-source", "127.0.0.2"),
                FanoutArgs.intArg(args, "per-source", 5000));
        this.authorization = FanoutArgs.authorization(args.getOrDefault("auth", "admin:admin"));
        this.stomp = FanoutArgs.stomp(args);
        this.upgrade = ClientFrames.upgrade(url.getHost() + ":" + url.getPort(), url.getRawPath(), authorization,
                stomp ? StompFrames.SUBPROTOCOL : null);
        this.lastReceipt = new long[FanoutArgs.intArg(args, "max-seq", 200_000)];
    }

    public static void main(String[] argv) throws IOException {
        new FanoutClient(FanoutArgs.parse(argv)).run();
    }

    private void run() throws IOException {
        selector = Selector.open();
        Thread stdin = new Thread(this::readCommands, "fanout-client-stdin");
        stdin.setDaemon(true);
        stdin.start();
        int opened = 0;
        boolean ready = false;
        long lastProgress = 0;
        long printedDeliveries = -1;
        connectStart = System.nanoTime();
        while (true) {
            while (opened < connections && inProgress < concurrency) {
                open(opened++);
            }
            selector.select(50);
            for (SelectionKey key : selector.selectedKeys()) {
                Conn conn = (Conn) key.attachment();
                try {
                    if (key.isValid() && key.isConnectable()) {
                        connected(conn, key);
                    }
                    if (key.isValid() && key.isWritable()) {
                        flushPending(conn, key);
                    }
                    if (key.isValid() && key.isReadable()) {
                        read(conn, key);
                    }
                } catch (IOException | RuntimeException e) {
                    fail(conn, e.toString());
                }
            }
            selector.selectedKeys().clear();
            if (!ready && subscribed + failed == connections) {
                ready = true;
                connectEnd = System.nanoTime();
                out.printf(java.util.Locale.ROOT, "READY subscribed=%d failed=%d connect_ms=%d first_failure=%s%n", subscribed,
                        failed, (connectEnd - connectStart) / 1_000_000, firstFailure == null ? "-" : firstFailure.replace(' ', '_'));
                out.flush();
            }
            long now = System.nanoTime();
            if (now - lastProgress > 100_000_000L && deliveries != printedDeliveries) {
                lastProgress = now;
                printedDeliveries = deliveries;
                out.println("PROGRESS " + deliveries);
                out.flush();
            }
            for (String command; (command = commands.poll()) != null; ) {
                if (!command(command)) {
                    return;
                }
            }
        }
    }

    private void open(int i) {
        inProgress++;
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.bind(new InetSocketAddress(sources.addressFor(firstIndex + i), 0));
            Conn conn = new Conn(ch, i);
            SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT, conn);
            if (ch.connect(target)) {
                connected(conn, key);
            }
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
            failed++;
            inProgress--;
            if (firstFailure == null) {
                firstFailure = e.toString();
            }
        }
    }

    private void connected(Conn conn, SelectionKey key) throws IOException {
        conn.channel.finishConnect();
        conn.state = UPGRADING;
        key.interestOps(SelectionKey.OP_READ);
        send(conn, key, upgrade.duplicate());
    }

    private void send(Conn conn, SelectionKey key, ByteBuffer data) throws IOException {
        if (conn.pendingOut != null) {
            ByteBuffer joined = ByteBuffer.allocate(conn.pendingOut.remaining() + data.remaining());
            conn.pendingOut = joined.put(conn.pendingOut).put(data).flip();
            return;
        }
        conn.channel.write(data);
        if (data.hasRemaining()) {
            conn.pendingOut = ByteBuffer.allocate(data.remaining()).put(data).flip();
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void flushPending(Conn conn, SelectionKey key) throws IOException {
        if (conn.pendingOut != null) {
            conn.channel.write(conn.pendingOut);
            if (!conn.pendingOut.hasRemaining()) {
                conn.pendingOut = null;
            }
        }
        if (conn.pendingOut == null) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void read(Conn conn, SelectionKey key) throws IOException {
        while (true) {
            if (conn.carry != null && conn.carry.length > buffer.capacity() / 2) {
                buffer = ByteBuffer.allocateDirect(Math.max(buffer.capacity() * 2, conn.carry.length * 2));
            }
            buffer.clear();
            if (conn.carry != null) {
                buffer.put(conn.carry);
                conn.carry = null;
            }
            int n = conn.channel.read(buffer);
            boolean full = !buffer.hasRemaining();
            buffer.flip();
            if (n < 0) {
                closed(conn, key, "end of stream without a close frame");
                return;
            }
            int pos = 0;
            if (conn.state == UPGRADING) {
                int end = TextScan.indexOf(buffer, 0, buffer.limit(), HEADER_END);
                if (end < 0) {
                    keep(conn, 0);
                    return;
                }
                if (!TextScan.startsWith(buffer, 0, buffer.limit(), TextScan.bytes("HTTP/1.1 101"))) {
                    byte[] status = new byte[Math.min(end, 40)];
                    buffer.get(0, status);
                    fail(conn, "upgrade refused: " + new String(status, StandardCharsets.US_ASCII));
                    return;
                }
                conn.state = CONNECTED;
                send(conn, key, stomp ? StompFrames.connect(url.getHost())
                        : ClientFrames.text("{\"id\":1,\"connect\":{\"name\":\"fanout\"}}"));
                pos = end + HEADER_END.length;
            }
            pos = frames(conn, key, pos);
            if (!key.isValid()) {
                return;
            }
            keep(conn, pos);
            if (!full) {
                return;
            }
        }
    }

    /** Parses whole frames from {@code pos}; returns where the first incomplete one starts. */
    private int frames(Conn conn, SelectionKey key, int pos) throws IOException {
        int limit = buffer.limit();
        while (limit - pos >= 2) {
            int b0 = buffer.get(pos) & 0xFF;
            int b1 = buffer.get(pos + 1) & 0x7F;
            int header = 2;
            long length = b1;
            if (b1 == 126) {
                if (limit - pos < 4) {
                    break;
                }
                length = buffer.getShort(pos + 2) & 0xFFFF;
                header = 4;
            } else if (b1 == 127) {
                if (limit - pos < 10) {
                    break;
                }
                length = buffer.getLong(pos + 2);
                header = 10;
            }
            if (limit - pos < header + length) {
                break;
            }
            int start = pos + header;
            int end = (int) (start + length);
            switch (b0 & 0x0F) {
                case 0, 1, 2 -> { // Spring sends STOMP frames as binary when their content type is octet-stream
                    frames++;
                    if (stomp) {
                        stompFrames(conn, key, start, end);
                    } else {
                        text(conn, key, start, end);
                    }
                }
                case 8 -> {
                    closed(conn, key, closeReason(start, end));
                    return end;
                }
                case 9 -> send(conn, key, ClientFrames.pong(buffer, start, end - start));
                default -> { }
            }
            pos = end;
        }
        return pos;
    }

    private void text(Conn conn, SelectionKey key, int from, int to) throws IOException {
        int start = from;
        while (start < to) {
            int end = start;
            while (end < to && buffer.get(end) != '\n') {
                end++;
            }
            line(conn, key, start, end);
            start = end + 1;
        }
    }

    private void line(Conn conn, SelectionKey key, int from, int to) throws IOException {
        if (to - from == 2 && buffer.get(from) == '{' && buffer.get(from + 1) == '}') {
            pings++;
            send(conn, key, pingReply.duplicate());
        } else if (TextScan.startsWith(buffer, from, to, TextScan.PUSH)) {
            if (TextScan.indexOf(buffer, from, to, TextScan.PUB) < 0) {
                otherPushes++;
                return;
            }
            publication(from, to);
        } else {
            long id = TextScan.numberAfter(buffer, from, to, TextScan.ID);
            if (TextScan.indexOf(buffer, from, to, TextScan.ERROR) >= 0) {
                byte[] text = new byte[Math.min(to - from, 200)];
                buffer.get(from, text);
                fail(conn, "refused: " + new String(text, StandardCharsets.UTF_8));
            } else if (id == 1 && conn.state == CONNECTED) {
                send(conn, key, ClientFrames.text("{\"id\":2,\"subscribe\":{\"channel\":\"" + channelOf(conn) + "\"}}"));
            } else if (id == 2 && conn.state == CONNECTED) {
                subscribed(conn);
            }
        }
    }

    /** The STOMP frames of one WebSocket message: NUL-terminated, heart-beat newlines between them. */
    private void stompFrames(Conn conn, SelectionKey key, int from, int to) throws IOException {
        int start = from;
        while (start < to) {
            byte b = buffer.get(start);
            if (b == '\n' || b == '\r') {
                start++;
                continue;
            }
            int end = StompFrames.frameEnd(buffer, start, to);
            stompFrame(conn, key, start, end);
            start = end + 1;
        }
    }

    private void stompFrame(Conn conn, SelectionKey key, int from, int to) throws IOException {
        if (TextScan.startsWith(buffer, from, to, StompFrames.MESSAGE)) {
            int body = StompFrames.bodyStart(buffer, from, to);
            if (body < 0) {
                otherPushes++;
            } else {
                publication(body, to);
            }
        } else if (TextScan.startsWith(buffer, from, to, StompFrames.CONNECTED) && conn.state == CONNECTED) {
            send(conn, key, StompFrames.subscribe(StompFrames.destination(channelOf(conn))));
        } else if (TextScan.startsWith(buffer, from, to, StompFrames.RECEIPT) && conn.state == CONNECTED) {
            subscribed(conn);
        } else if (TextScan.startsWith(buffer, from, to, StompFrames.ERROR)) {
            byte[] text = new byte[Math.min(to - from, 200)];
            buffer.get(from, text);
            fail(conn, "STOMP " + new String(text, StandardCharsets.UTF_8).replace('\n', ' '));
        } else {
            otherPushes++;
        }
    }

    /** One delivery whose JSON data lies in {@code buffer[from, to)}: its latency and its seq's receipt time. */
    private void publication(int from, int to) {
        long now = System.nanoTime();
        deliveries++;
        long sent = TextScan.numberAfter(buffer, from, to, TextScan.SENT_NS);
        if (sent < 0) {
            untimed++;
        } else {
            latency.recordValue(Math.min(Math.max(0, now - sent), latency.getHighestTrackableValue()));
        }
        long seq = TextScan.numberAfter(buffer, from, to, TextScan.SEQ);
        if (seq >= 0 && seq < lastReceipt.length) {
            lastReceipt[(int) seq] = now;
        }
    }

    /** The channel connection {@code conn} subscribes to: the base alone for one channel, else base-0, base-1, ... */
    private String channelOf(Conn conn) {
        return channels == 1 ? channel : channel + "-" + (firstIndex + conn.index) % channels;
    }

    private void subscribed(Conn conn) {
        conn.state = SUBSCRIBED;
        subscribed++;
        inProgress--;
    }

    private void keep(Conn conn, int from) {
        int left = buffer.limit() - from;
        if (left > 0) {
            conn.carry = new byte[left];
            buffer.get(from, conn.carry);
        }
    }

    /** "code reason" of a close frame's payload. */
    private String closeReason(int from, int to) {
        if (to - from < 2) {
            return "close frame without a code";
        }
        byte[] reason = new byte[to - from - 2];
        buffer.get(from + 2, reason);
        return "close " + (buffer.getShort(from) & 0xFFFF) + " " + new String(reason, StandardCharsets.UTF_8);
    }

    private void closed(Conn conn, SelectionKey key, String how) throws IOException {
        if (conn.state == SUBSCRIBED) {
            closedByServer++;
        } else {
            fail(conn, "closed by the server before subscribing: " + how);
        }
        key.cancel();
        conn.channel.close();
    }

    private void fail(Conn conn, String reason) {
        if (firstFailure == null) {
            firstFailure = reason;
        }
        if (conn.state != SUBSCRIBED && conn.state >= 0) {
            failed++;
            inProgress--;
        }
        conn.state = -1;
        try {
            conn.channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private boolean command(String command) throws IOException {
        switch (command.trim()) {
            case "RESET" -> {
                latency.reset();
                deliveries = 0;
                frames = 0;
                untimed = 0;
                otherPushes = 0;
                java.util.Arrays.fill(lastReceipt, 0);
            }
            case "REPORT" -> report();
            case "QUIT" -> {
                for (SelectionKey key : selector.keys()) {
                    key.channel().close();
                }
                out.println("BYE");
                out.flush();
                return false;
            }
            default -> {
                out.println("UNKNOWN " + command);
                out.flush();
            }
        }
        return true;
    }

    private void report() {
        out.printf(java.util.Locale.ROOT, "REPORT deliveries=%d frames=%d untimed=%d other_pushes=%d pings=%d closed=%d subscribed=%d%n",
                deliveries, frames, untimed, otherPushes, pings, closedByServer, subscribed);
        ByteBuffer histogram = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
        int size = latency.encodeIntoCompressedByteBuffer(histogram);
        byte[] bytes = new byte[size];
        histogram.flip().get(bytes);
        out.println("HIST " + Base64.getEncoder().encodeToString(bytes));
        StringBuilder last = new StringBuilder("LAST");
        for (int seq = 0; seq < lastReceipt.length; seq++) {
            if (lastReceipt[seq] != 0) {
                last.append(' ').append(seq).append(':').append(lastReceipt[seq]);
            }
        }
        out.println(last);
        out.println("END");
        out.flush();
    }

    private void readCommands() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                commands.add(line);
                selector.wakeup();
            }
        } catch (IOException e) {
            // the coordinator went away
        }
        commands.add("QUIT");
        selector.wakeup();
    }
}
