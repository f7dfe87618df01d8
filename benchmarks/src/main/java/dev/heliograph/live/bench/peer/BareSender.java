package dev.heliograph.live.bench.peer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

/**
 * How the bare endpoint hands a String to one session's async remote. {@link #direct} calls
 * {@code sendText} for every message, as the Jetty floor always has: Jetty queues sends that
 * overlap. Tomcat refuses a send while the previous one is in flight (IllegalStateException, the
 * remote endpoint is in state TEXT_FULL_WRITING), so on Tomcat every application, ours included,
 * keeps one send in flight per session and queues the rest: {@link OneInFlightSender}.
 *
 * <p>Created in the endpoint's {@code onOpen}; {@link #send} is called from the session's message
 * handler (acks) and from the publish servlet's request threads (pushes), concurrently.
 */
interface BareSender {
    /** The one completion handler of every direct send. */
    SendHandler IGNORE = result -> { };

    /** Starts sending {@code text} as one text message; a closed or closing session drops it. */
    void send(String text);

    /** Every message straight to the async remote, its completion ignored. */
    static BareSender direct(Session session) {
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        return text -> {
            try {
                remote.sendText(text, IGNORE);
            } catch (RuntimeException e) {
                // closing session: the fan-out goes on
            }
        };
    }
}
