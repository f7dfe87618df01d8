package dev.heliograph.live.jakarta;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A real WebSocket client (Jetty's) speaking the protocol by hand: sends commands, records every
 * JSON message the server sends, and can stop reading ({@link #pause}) to play a slow client.
 * Shipped in this module's test-jar: the examples' multi-node tests use it too.
 */
public final class LiveTestClient implements Session.Listener {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<int[]> closeCode = new CompletableFuture<>();
    private final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean demandOwed = new AtomicBoolean();
    private final AtomicInteger textFrames = new AtomicInteger();
    private final AtomicInteger publications = new AtomicInteger();
    private volatile boolean answerPings;
    private volatile Session session;

    /** {@code Authorization} for a token ({@code Bearer <token>}); null for null (no credentials). */
    public static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }

    /** {@code Authorization} for HTTP Basic sign-in. */
    public static String basic(String login, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Opens a connection sending {@code authorization} ({@link #bearer}, {@link #basic}; null for
     * none); the future fails with an {@code UpgradeException} on a refused upgrade.
     */
    public static CompletableFuture<Session> open(WebSocketClient ws, LiveTestClient listener, URI uri,
            String authorization, String origin, String... extensions) throws Exception {
        ClientUpgradeRequest req = new ClientUpgradeRequest(uri);
        if (authorization != null) {
            req.setHeader("Authorization", authorization);
        }
        if (origin != null) {
            req.setHeader("Origin", origin);
        }
        if (extensions.length > 0) {
            req.addExtensions(extensions);
        }
        return ws.connect(listener, req);
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        s.demand();
    }

    @Override
    public void onWebSocketText(String text) {
        textFrames.incrementAndGet();
        for (String line : text.split("\n")) {
            try {
                JsonNode m = JSON.readTree(line);
                if (m.path("push").has("pub")) {
                    publications.incrementAndGet();
                }
                if (answerPings && m.isObject() && m.isEmpty()) {
                    send("{}"); // a ping: pong as a real client does
                }
                received.add(m);
            } catch (Exception e) {
                received.add(JSON.getNodeFactory().textNode("UNPARSABLE " + line));
            }
        }
        if (paused.get()) {
            demandOwed.set(true);
        } else {
            session.demand();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closeReason.complete(reason);
        closeCode.complete(new int[] {statusCode});
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closeCode.complete(new int[] {-1});
        closeReason.complete(String.valueOf(cause));
    }

    public Session session() {
        return session;
    }

    /** Sends one text frame. */
    /** From now on answers every ping with a pong, as a real client does (tests with short ping intervals). */
    public void answerPings() {
        answerPings = true;
    }

    public void send(String text) {
        session.sendText(text, Callback.NOOP);
    }

    /** Sends a command {@code {"id":N,"<method>":<body>}} and returns N. */
    public int command(String method, String body) {
        int id = nextId.getAndIncrement();
        send("{\"id\":" + id + ",\"" + method + "\":" + body + "}");
        return id;
    }

    /** Waits for the reply with this id. */
    public JsonNode reply(int id) {
        return awaitMessage(m -> m.path("id").asInt() == id);
    }

    /** Sends connect and returns the client id from its result. */
    public String connect() {
        JsonNode r = reply(command("connect", "{\"name\":\"it\"}"));
        return r.path("connect").path("client").asText();
    }

    public JsonNode subscribe(String channel) {
        return reply(command("subscribe", "{\"channel\":\"" + channel + "\"}"));
    }

    public JsonNode awaitMessage(Predicate<JsonNode> p) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WAIT).until(() -> {
            for (JsonNode m : received) {
                if (p.test(m)) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Waits for a publication push on {@code channel} whose data satisfies {@code p}. */
    public JsonNode awaitPublication(String channel, Predicate<JsonNode> p) {
        return awaitMessage(m -> channel.equals(m.path("push").path("channel").asText())
                && m.path("push").has("pub") && p.test(m.path("push").path("pub").path("data")));
    }

    /** Every message received so far, in order (a snapshot). */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** The {@code data} of the publications received on {@code channel} so far, in arrival order. */
    public List<JsonNode> publicationData(String channel) {
        return received.stream()
                .filter(m -> channel.equals(m.path("push").path("channel").asText()) && m.path("push").has("pub"))
                .map(m -> m.path("push").path("pub").path("data"))
                .toList();
    }

    /** Publication pushes received so far. */
    public int publications() {
        return publications.get();
    }

    public long count(Predicate<JsonNode> p) {
        return received.stream().filter(p).count();
    }

    /** Stops reading from the socket: the server's writes pile up. */
    public void pause() {
        paused.set(true);
    }

    public void resume() {
        paused.set(false);
        if (demandOwed.compareAndSet(true, false)) {
            session.demand();
        }
    }

    /** The close code the server sent (waits for it); -1 for a connection error. */
    public int awaitCloseCode() throws Exception {
        return closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS)[0];
    }

    public String closeReason() throws Exception {
        return closeReason.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    public void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close();
        }
    }
}
