package dev.heliograph.live.example;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A WebSocket client on the JDK's {@code java.net.http.WebSocket} (it answers pings itself). As a
 * subscriber it speaks the client protocol v2 in JSON by hand (connect, subscribe) and records
 * every message; as a pusher it sends line-protocol bodies. Signs in with HTTP Basic.
 */
final class ProtocolClient implements WebSocket.Listener, AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(10);

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static String basic(String login, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static ProtocolClient open(HttpClient http, URI uri, String authorization) throws Exception {
        ProtocolClient c = new ProtocolClient();
        c.socket = http.newWebSocketBuilder().header("Authorization", authorization).buildAsync(uri, c)
                .get(10, TimeUnit.SECONDS);
        return c;
    }

    void sendText(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    void sendBinary(String text) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true).get(10, TimeUnit.SECONDS);
    }

    /** Sends {@code {"id":N,"<method>":<body>}} and waits for the reply with that id. */
    JsonNode call(String method, String body) throws Exception {
        int id = nextId.getAndIncrement();
        sendText("{\"id\":" + id + ",\"" + method + "\":" + body + "}");
        return awaitMessage(m -> m.path("id").asInt() == id);
    }

    JsonNode awaitMessage(Predicate<JsonNode> p) {
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

    /** The publications received on {@code channel}, in arrival order (their {@code data}). */
    List<JsonNode> publications(String channel) {
        return received.stream()
                .filter(m -> channel.equals(m.path("push").path("channel").asText()) && m.path("push").has("pub"))
                .map(m -> m.path("push").path("pub").path("data"))
                .toList();
    }

    boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            for (String line : partial.toString().split("\n")) {
                if (!line.isBlank()) {
                    try {
                        received.add(JSON.readTree(line));
                    } catch (Exception e) {
                        received.add(JSON.getNodeFactory().textNode("UNPARSABLE " + line));
                    }
                }
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(-1);
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
