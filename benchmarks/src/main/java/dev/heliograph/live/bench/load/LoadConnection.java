package dev.heliograph.live.bench.load;

import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One client connection of the load tool: on open it sends the protocol's handshake, then
 * subscribes to its channel (or, for the publisher, stops at the handshake), answers pings,
 * and records each publication's latency into the shared {@link LoadStats}. {@link #ready()}
 * completes when the connection is subscribed (or connected, for the publisher) and fails if
 * the server refuses or closes first.
 *
 * <p>Public because Jetty's {@code WebSocketClient} requires a public listener class. Its
 * callbacks run on the client's reader threads, one at a time per connection.
 */
public final class LoadConnection implements Session.Listener.AutoDemanding, WireProtocol.Events {
    private final WireProtocol protocol;
    private final String channel;
    private final LoadStats stats;
    private final long startNanos;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile Session session;
    private volatile boolean closing;

    /**
     * @param channel the wire channel name to subscribe to, or null for a publisher connection
     */
    LoadConnection(WireProtocol protocol, String channel, LoadStats stats) {
        this.protocol = protocol;
        this.channel = channel;
        this.stats = stats;
        this.startNanos = System.nanoTime();
    }

    /** Completes when subscribed (publisher: connected); fails on refusal, error or close. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /** Sends one text message; a failed send is counted, never thrown. */
    void send(String text) {
        Session current = session;
        if (current == null || !current.isOpen()) {
            if (!closing) {
                stats.failure("send on a closed connection");
            }
            return;
        }
        current.sendText(text, Callback.from(() -> {}, failure -> {
            if (!closing) {
                stats.failure("send failed: " + reason(failure));
            }
        }));
    }

    /** Closes the connection normally; later close callbacks are not counted as failures. */
    void close() {
        closing = true;
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(1000, "load run finished", Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        send(protocol.handshake());
    }

    @Override
    public void onWebSocketText(String text) {
        protocol.read(text, this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (!closing) {
            stats.failure("WebSocket error: " + reason(cause));
        }
        ready.completeExceptionally(cause);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (!closing) {
            stats.unexpectedCloses.increment();
            stats.failure("closed by server: " + statusCode + " " + reason);
        }
        ready.completeExceptionally(new IllegalStateException("closed: " + statusCode + " " + reason));
    }

    @Override
    public void connected() {
        if (channel == null) {
            markReady();
        } else {
            send(protocol.subscribe(channel));
        }
    }

    @Override
    public void subscribed() {
        markReady();
    }

    @Override
    public void publication(long sentNanos) {
        stats.delivery(sentNanos, System.nanoTime());
    }

    @Override
    public void published(int id, String error) {
        if (error == null) {
            stats.published.increment();
        } else {
            stats.publishFailures.increment();
            stats.failure("publish refused: " + error);
        }
    }

    @Override
    public void ping(String pong) {
        stats.pings.increment();
        send(pong);
    }

    @Override
    public void error(String description) {
        stats.failure(description);
        ready.completeExceptionally(new IllegalStateException(description));
    }

    private void markReady() {
        // Count subscribers (not the publisher) before completing: completing runs the pool's callbacks, which read the count.
        // Only this connection's reader thread gets here; a 30 s timeout racing it is not worth a lock.
        if (!ready.isDone()) {
            if (channel != null) {
                stats.ready(System.nanoTime() - startNanos);
            }
            ready.complete(null);
        }
    }

    static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
