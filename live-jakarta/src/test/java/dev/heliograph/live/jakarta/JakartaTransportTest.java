package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.protocol.OutboundFrame;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Jakarta transport")
class JakartaTransportTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    @DisplayName("sends one shared push frame as the same String instance on every connection")
    void sharesTheString() {
        OutboundFrame push = sharedPushFrame();
        List<FakeSession> sessions = new ArrayList<>();
        List<Throwable> results = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 100; i++) {
            FakeSession s = new FakeSession("s" + i, Mode.COMPLETE);
            new JakartaTransport(s.proxy, scheduler).sendText(push, results::add);
            sessions.add(s);
        }

        Set<String> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        for (FakeSession s : sessions) {
            assertThat(s.sent).containsExactly(push.text());
            distinct.add(s.sent.get(0));
        }
        assertThat(distinct).as("String instances sent for one push on 100 connections").hasSize(1);
        assertThat(results).hasSize(100).containsOnlyNulls();
    }

    @Test
    @DisplayName("reports a send once when the container both fails it and throws")
    void reportsOnce() {
        FakeSession s = new FakeSession("s", Mode.FAIL_AND_THROW);
        List<Throwable> results = new CopyOnWriteArrayList<>();

        new JakartaTransport(s.proxy, scheduler).sendText(sharedPushFrame(), results::add);

        assertThat(results).hasSize(1);
        assertThat(results.get(0)).isInstanceOf(IOException.class).hasMessage("peer gone");
    }

    @Test
    @DisplayName("keeps reporting each later send after a completion, with one handler per connection")
    void reusesItsHandler() {
        FakeSession s = new FakeSession("s", Mode.COMPLETE);
        JakartaTransport transport = new JakartaTransport(s.proxy, scheduler);
        List<Throwable> results = new CopyOnWriteArrayList<>();

        for (int i = 0; i < 3; i++) {
            transport.sendText(sharedPushFrame(), results::add);
        }

        assertThat(results).hasSize(3).containsOnlyNulls();
        Set<SendHandler> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(s.handlers);
        assertThat(distinct).as("completion handlers handed to the container for 3 sends").hasSize(1);
    }

    @Test
    @DisplayName("holds a close requested during a send until the send finishes, then closes with its code")
    void closeWaitsForTheSend() {
        FakeSession s = new FakeSession("s", Mode.HOLD);
        JakartaTransport transport = new JakartaTransport(s.proxy, scheduler);
        List<Throwable> results = new CopyOnWriteArrayList<>();
        transport.sendText(sharedPushFrame(), results::add);

        transport.close(3008, "slow");
        assertThat(s.closes).as("closed while the send was in flight").isEmpty();
        s.handlers.get(0).onResult(new SendResult());

        assertThat(results).containsExactly((Throwable) null);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !s.closes.isEmpty());
        assertThat(s.closes.get(0).getCloseCode().getCode()).isEqualTo(3008);
        assertThat(s.closes.get(0).getReasonPhrase()).isEqualTo("slow");
    }

    private static OutboundFrame sharedPushFrame() {
        return OutboundFrame.ofText("{\"push\":{\"channel\":\"1/a/b/c\",\"pub\":{\"data\":\"d\u00e9j\u00e0 vu\"}}}");
    }

    private enum Mode {
        /** Completes each send at once, inside sendText. */
        COMPLETE,
        /** Keeps the send in flight until the test completes it. */
        HOLD,
        /** Reports a failure to the handler, then throws as well. */
        FAIL_AND_THROW
    }

    /** A Jakarta Session that records what is sent and closed; only the methods the transport uses. */
    private static final class FakeSession {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<SendHandler> handlers = new CopyOnWriteArrayList<>();
        final List<CloseReason> closes = new CopyOnWriteArrayList<>();
        final Session proxy;

        FakeSession(String id, Mode mode) {
            RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class}, (p, m, args) -> {
                        if (m.getName().equals("sendText") && args.length == 2 && args[1] instanceof SendHandler h) {
                            sent.add((String) args[0]);
                            handlers.add(h);
                            switch (mode) {
                                case COMPLETE -> h.onResult(new SendResult());
                                case HOLD -> { }
                                case FAIL_AND_THROW -> {
                                    h.onResult(new SendResult(new IOException("peer gone")));
                                    throw new IllegalStateException("the session is closed");
                                }
                            }
                            return null;
                        }
                        throw new UnsupportedOperationException(m.getName());
                    });
            proxy = (Session) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Session.class}, (p, m, args) -> switch (m.getName()) {
                        case "getAsyncRemote" -> async;
                        case "getId" -> id;
                        case "close" -> {
                            closes.add(args != null && args.length == 1 ? (CloseReason) args[0] : null);
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }
}
