package dev.heliograph.live.jakarta;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client on the JDK's {@link java.net.http} (as an outside client would use it) that
 * sends whatever it is told, without waiting for the send to finish, and records how the
 * connection ended: the server's close code and reason, or -1 when it was dropped without one
 * (what the client sees as 1006).
 */
final class JdkWebSocket implements WebSocket.Listener, AutoCloseable {
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private WebSocket socket;

    /** How the connection ended: the close code (-1 without a close frame) and the reason or error. */
    record Close(int code, String reason) {}

    static JdkWebSocket open(HttpClient http, URI uri, String token) throws Exception {
        JdkWebSocket s = new JdkWebSocket();
        s.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(uri, s).get(10, TimeUnit.SECONDS);
        return s;
    }

    /** Starts sending one whole text message; the future completes once all of it was written. */
    CompletableFuture<WebSocket> sendText(String message) {
        return socket.sendText(message, true);
    }

    /** Starts sending one whole binary message; the future completes once all of it was written. */
    CompletableFuture<WebSocket> sendBinary(byte[] message) {
        return socket.sendBinary(ByteBuffer.wrap(message), true);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Waits (up to 10 s) for the end of the connection. */
    Close awaitClose() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(-1, String.valueOf(error)));
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
