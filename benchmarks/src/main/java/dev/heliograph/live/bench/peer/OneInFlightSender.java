package dev.heliograph.live.bench.peer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The least a Jakarta application on Tomcat must do to send from several threads: one
 * {@code sendText} in flight per session, later messages queued and started from the previous
 * one's completion. No limit on the queue and nothing else (no coalescing, no slow-client policy),
 * so the bare floor on Tomcat stays a floor.
 *
 * <p>{@link #send} runs on the session's message-handler thread and the publish servlet's request
 * threads; {@link #onResult} on Tomcat's threads, possibly inside {@code sendText}.
 */
final class OneInFlightSender implements BareSender, SendHandler {
    private final RemoteEndpoint.Async remote;
    private final Queue<String> waiting = new ConcurrentLinkedQueue<>();
    /** True from the start of a {@code sendText} until its completion has run. */
    private final AtomicBoolean sending = new AtomicBoolean();

    OneInFlightSender(Session session) {
        this.remote = session.getAsyncRemote();
    }

    @Override
    public void send(String text) {
        waiting.offer(text);
        startNext();
    }

    @Override
    public void onResult(SendResult result) {
        if (!result.isOK()) {
            waiting.clear(); // the session is gone: nothing more will be written
        }
        sending.set(false);
        startNext();
    }

    /** Starts the next queued message unless one is in flight; re-checks after releasing the flag. */
    private void startNext() {
        while (!waiting.isEmpty() && sending.compareAndSet(false, true)) {
            String next = waiting.poll();
            if (next == null) {
                sending.set(false);
                continue;
            }
            try {
                remote.sendText(next, this);
                return;
            } catch (RuntimeException e) {
                waiting.clear(); // closing session
                sending.set(false);
                return;
            }
        }
    }
}
