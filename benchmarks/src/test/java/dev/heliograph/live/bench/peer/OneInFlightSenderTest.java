package dev.heliograph.live.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The bare floor's sender on Tomcat")
class OneInFlightSenderTest {

    private final List<String> started = new ArrayList<>();
    private final List<SendHandler> pending = new ArrayList<>();
    private boolean refuse;
    private final Session session = session();

    /** A session whose async remote records each sendText and keeps its handler for the test to complete. */
    private Session session() {
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2) {
                        if (refuse) {
                            throw new IllegalStateException("closing");
                        }
                        started.add((String) args[0]);
                        pending.add((SendHandler) args[1]);
                    }
                    return null;
                });
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> method.getName().equals("getAsyncRemote") ? remote : null);
    }

    private void completeNext(SendResult result) {
        pending.remove(0).onResult(result);
    }

    @Test
    @DisplayName("starts one message at a time, the next from the previous one's completion, in order")
    void oneInFlight() {
        OneInFlightSender sender = new OneInFlightSender(session);
        sender.send("a");
        sender.send("b");
        sender.send("c");
        assertThat(started).containsExactly("a");
        completeNext(new SendResult(session));
        assertThat(started).containsExactly("a", "b");
        completeNext(new SendResult(session));
        completeNext(new SendResult(session));
        assertThat(started).containsExactly("a", "b", "c");
        assertThat(pending).isEmpty();
        sender.send("d");
        assertThat(started).containsExactly("a", "b", "c", "d");
    }

    @Test
    @DisplayName("drops what is queued when a send fails or is refused, and starts later sends afresh")
    void dropsOnFailure() {
        OneInFlightSender sender = new OneInFlightSender(session);
        sender.send("a");
        sender.send("b");
        completeNext(new SendResult(session, new IOException("reset")));
        assertThat(started).containsExactly("a");
        refuse = true;
        sender.send("c");
        refuse = false;
        sender.send("d");
        assertThat(started).containsExactly("a", "d");
    }
}
