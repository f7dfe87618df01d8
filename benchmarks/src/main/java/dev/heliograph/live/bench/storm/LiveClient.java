package dev.heliograph.live.bench.storm;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Centrifuge v2 JSON client over a {@link WsSocket}, the subset a storm needs: {@code connect}
 * (id 1), {@code subscribe} to one channel (id 2), pings answered with {@code {}}, commands with
 * later ids answered through futures ({@link #request}), and pushes sorted cheaply: a push's kind
 * (pub, join, leave) sits right after its channel name, so thousands of clients reading join
 * storms cost a few byte comparisons per message. An unsubscribe push with a code from 2500 to
 * 2999 (insufficient state: the channel's stream lost publications, e.g. its Redis restarted
 * empty) is answered with a new subscribe (id 3), as the centrifuge SDKs do.
 *
 * <p>Reads and protocol state run on the socket's loop thread; {@link #ready()}, {@link #ended()}
 * and the counters may be read from any thread.
 */
final class LiveClient implements WsSocket.Handler {
    static final int CONNECT_ID = 1;
    static final int SUBSCRIBE_ID = 2;
    /** The id of a subscribe sent again after the server ended the subscription with a code that asks for it. */
    static final int RESUBSCRIBE_ID = 3;
    private static final byte[] PUSH = "{\"push\":{\"channel\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PUB = ",\"pub\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JOIN = ",\"join\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEAVE = ",\"leave\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNSUBSCRIBE = ",\"unsubscribe\":{\"code\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "{\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT = "\"client\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "\"error\":".getBytes(StandardCharsets.US_ASCII);

    /** What a storm role wants to hear about; called on the loop thread. */
    interface Listener {
        /** A publication push, the whole line ({@code data} valid during the call only). */
        default void publication(LiveClient client, byte[] data, int offset, int length) {}

        /** A leave push naming the client that left. */
        default void leave(LiveClient client, String leftClientId) {}

        /** The connection ended. */
        default void ended(LiveClient client, WsSocket.Ending ending) {}
    }

    static final Listener QUIET = new Listener() {};

    private final String channel;
    private final Listener listener;
    private final CompletableFuture<LiveClient> ready = new CompletableFuture<>();
    private final CompletableFuture<WsSocket.Ending> ended = new CompletableFuture<>();
    private final Map<Integer, CompletableFuture<String>> pendingReplies = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(SUBSCRIBE_ID + 1);
    private WsSocket socket;
    private volatile String clientId;
    private volatile long readyNanos;
    private volatile long publications;
    private volatile long joins;
    private volatile long resubscribes;
    private volatile long leaves;
    private volatile long pings;
    private volatile long otherReplies;
    private volatile long errorReplies;

    /**
     * @param channel the wire channel to subscribe to after connect ({@code 1/grafana/broadcast/x}),
     *                or null to stop at connect
     */
    LiveClient(String channel, Listener listener) {
        this.channel = channel;
        this.listener = listener;
    }

    /** Opens the socket; {@link #ready()} completes when connected and (with a channel) subscribed. */
    static LiveClient open(ClientLoop loop, StormTarget target, java.net.InetAddress source, String channel,
            int receiveBuffer, Listener listener) {
        LiveClient client = new LiveClient(channel, listener);
        client.socket = new WsSocket(loop, target.address(), source, target.webSocketPath(), target.authorization(),
                receiveBuffer, client);
        client.socket.start();
        return client;
    }

    CompletableFuture<LiveClient> ready() {
        return ready;
    }

    CompletableFuture<WsSocket.Ending> ended() {
        return ended;
    }

    WsSocket socket() {
        return socket;
    }

    String channel() {
        return channel;
    }

    /** The client id the server gave in its connect reply, or null before. */
    String clientId() {
        return clientId;
    }

    /** Nanoseconds from starting the socket to subscribed, or -1 when not (yet) ready. */
    long readyAfterNanos() {
        long at = readyNanos;
        return at == 0 ? -1 : at - socket.startNanos();
    }

    long publications() {
        return publications;
    }

    long joins() {
        return joins;
    }

    /** Subscribes sent again after the server ended the subscription with a 25xx code. */
    long resubscribes() {
        return resubscribes;
    }

    long leaves() {
        return leaves;
    }

    long pings() {
        return pings;
    }

    /** Replies to ids nobody waits for (a flooder's publishes), and how many of them were errors. */
    long otherReplies() {
        return otherReplies;
    }

    long errorReplies() {
        return errorReplies;
    }

    /** The next unused command id. */
    int nextId() {
        return nextId.getAndIncrement();
    }

    /** Sends {@code {"id":N,"<method>":<body>}} and completes with the reply line. */
    CompletableFuture<String> request(String method, String bodyJson) {
        int id = nextId();
        CompletableFuture<String> reply = new CompletableFuture<>();
        pendingReplies.put(id, reply);
        socket.sendText("{\"id\":" + id + ",\"" + method + "\":" + bodyJson + "}");
        return reply;
    }

    // ---- loop thread ---------------------------------------------------------------------

    @Override
    public void onOpen(WsSocket s) {
        s.sendText("{\"id\":" + CONNECT_ID + ",\"connect\":{\"name\":\"heliograph-storm\"}}");
    }

    @Override
    public void onText(WsSocket s, byte[] data, int offset, int length) {
        int end = offset + length;
        int start = offset;
        while (start < end) {
            int lineEnd = start;
            while (lineEnd < end && data[lineEnd] != '\n') {
                lineEnd++;
            }
            if (lineEnd > start) {
                line(s, data, start, lineEnd);
            }
            start = lineEnd + 1;
        }
    }

    private void line(WsSocket s, byte[] data, int from, int to) {
        if (to - from == 2 && data[from] == '{' && data[from + 1] == '}') {
            pings++;
            s.sendText("{}");
            return;
        }
        if (startsWith(data, from, to, PUSH)) {
            int channelEnd = from + PUSH.length;
            while (channelEnd < to && data[channelEnd] != '"') {
                channelEnd++;
            }
            int kind = channelEnd + 1;
            if (startsWith(data, kind, to, PUB)) {
                publications++;
                listener.publication(this, data, from, to - from);
            } else if (startsWith(data, kind, to, JOIN)) {
                joins++;
            } else if (startsWith(data, kind, to, UNSUBSCRIBE)) {
                // as the centrifuge SDKs do: codes 2500-2999 (e.g. 2500 insufficient state, after the
                // channel's stream changed epoch) mean "subscribe again", the rest end the subscription
                int code = 0;
                for (int i = kind + UNSUBSCRIBE.length; i < to && data[i] >= '0' && data[i] <= '9'; i++) {
                    code = code * 10 + (data[i] - '0');
                }
                if (code >= 2500 && code < 3000 && channel != null) {
                    resubscribes++;
                    s.sendText("{\"id\":" + RESUBSCRIBE_ID + ",\"subscribe\":{\"channel\":\"" + channel + "\"}}");
                }
            } else if (startsWith(data, kind, to, LEAVE)) {
                leaves++;
                String left = stringAfter(data, kind, to, CLIENT);
                if (left != null) {
                    listener.leave(this, left);
                }
            }
            return;
        }
        if (!startsWith(data, from, to, ID)) {
            return; // other pushes (disconnect, message): nothing measured
        }
        int id = 0;
        int i = from + ID.length;
        while (i < to && data[i] >= '0' && data[i] <= '9') {
            id = id * 10 + (data[i] - '0');
            i++;
        }
        boolean error = indexOf(data, i, to, ERROR) >= 0;
        if (id == CONNECT_ID) {
            if (error) {
                ready.completeExceptionally(new IllegalStateException("connect refused: " + text(data, from, to)));
                return;
            }
            clientId = stringAfter(data, i, to, CLIENT);
            if (channel == null) {
                markReady();
            } else {
                s.sendText("{\"id\":" + SUBSCRIBE_ID + ",\"subscribe\":{\"channel\":\"" + channel + "\"}}");
            }
        } else if (id == SUBSCRIBE_ID) {
            if (error) {
                ready.completeExceptionally(new IllegalStateException("subscribe refused: " + text(data, from, to)));
            } else {
                markReady();
            }
        } else {
            CompletableFuture<String> waiting = pendingReplies.remove(id);
            if (waiting != null) {
                waiting.complete(text(data, from, to));
            } else {
                otherReplies++;
                if (error) {
                    errorReplies++;
                }
            }
        }
    }

    private void markReady() {
        readyNanos = System.nanoTime();
        ready.complete(this);
    }

    @Override
    public void onClosed(WsSocket s, WsSocket.Ending ending) {
        ready.completeExceptionally(new IllegalStateException("ended before ready: " + ending.describe()));
        pendingReplies.values().forEach(r -> r.completeExceptionally(new IllegalStateException(ending.describe())));
        pendingReplies.clear();
        ended.complete(ending);
        listener.ended(this, ending);
    }

    static boolean startsWith(byte[] data, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] data, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The JSON string value right after {@code key} (which ends with the opening quote), or null. */
    static String stringAfter(byte[] data, int from, int to, byte[] key) {
        int at = indexOf(data, from, to, key);
        if (at < 0) {
            return null;
        }
        int start = at + key.length;
        int end = start;
        while (end < to && data[end] != '"') {
            end++;
        }
        return end < to ? new String(data, start, end - start, StandardCharsets.UTF_8) : null;
    }

    /** The number right after {@code key} (e.g. {@code "seq":}), or {@link Long#MIN_VALUE}. */
    static long numberAfter(byte[] data, int from, int to, byte[] key) {
        int at = indexOf(data, from, to, key);
        if (at < 0) {
            return Long.MIN_VALUE;
        }
        int i = at + key.length;
        boolean negative = i < to && data[i] == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < to && digits < 19 && data[i] >= '0' && data[i] <= '9') {
            value = value * 10 + (data[i] - '0');
            digits++;
            i++;
        }
        if (digits == 0) {
            return Long.MIN_VALUE;
        }
        return negative ? -value : value;
    }

    private static String text(byte[] data, int from, int to) {
        return new String(data, from, to - from, StandardCharsets.UTF_8);
    }
}
