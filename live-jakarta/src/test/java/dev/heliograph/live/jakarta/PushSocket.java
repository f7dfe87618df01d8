package dev.heliograph.live.jakarta;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A pusher on the JDK's WebSocket client (which answers pings on its own, as Telegraf's does):
 * sends line-protocol bodies as text or binary messages and records how the server closed.
 */
final class PushSocket implements WebSocket.Listener, AutoCloseable {
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private WebSocket socket;

    static PushSocket open(HttpClient http, URI uri, String token) throws Exception {
        PushSocket p = new PushSocket();
        p.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(uri, p).get(10, TimeUnit.SECONDS);
        return p;
    }

    void sendText(String body) throws Exception {
        socket.sendText(body, true).get(10, TimeUnit.SECONDS);
    }

    void sendBinary(String body) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), true).get(10, TimeUnit.SECONDS);
    }

    boolean isClosed() {
        return closeCode.isDone();
    }

    int awaitCloseCode() throws Exception {
        return closeCode.get(10, TimeUnit.SECONDS);
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
