package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.testing.GatedHub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * A real {@link LiveNode} on a real {@link LocalHub} (behind a {@link GatedHub}), with the tests'
 * own {@code test/ns} handler and the built-in features, one shared timer pool, and clients made
 * of a {@link ClientSession} over a {@link RecordingTransport}. Timers default to minutes so that
 * no ping interferes; tests that need them set milliseconds.
 */
final class SessionHarness implements AutoCloseable {

    static final LiveUser USER = new LiveUser("7", "admin", 1, LiveUser.Role.ADMIN);
    static final LiveUser OTHER_USER = new LiveUser("8", "editor", 1, LiveUser.Role.EDITOR);

    final LocalHub localHub;
    final GatedHub hub;
    final LiveNode node;
    final TestChannels handler = new TestChannels();
    /**
     * The timer pool all sessions of this harness share: two threads named {@code harness-timers};
     * cancelled tasks leave its queue at once, so a test can count what a session left behind.
     */
    final ScheduledThreadPoolExecutor timers = newTimers();
    final LiveSettings settings;

    SessionHarness() {
        this(b -> {});
    }

    SessionHarness(Consumer<LiveSettings.Builder> customize) {
        this(customize, LocalHub.builder());
    }

    SessionHarness(Consumer<LiveSettings.Builder> customize, LocalHub.Builder hubBuilder) {
        this(customize, n -> {}, hubBuilder, gated -> gated);
    }

    /** A harness whose node sits on {@code wrap} of the gated hub (a test window in front of it). */
    SessionHarness(Consumer<LiveSettings.Builder> customize, LocalHub.Builder hubBuilder,
            java.util.function.UnaryOperator<dev.heliograph.live.hub.Hub> wrap) {
        this(customize, n -> {}, hubBuilder, wrap);
    }

    /** A harness whose node also gets the host hooks {@code hooks} sets (rpc methods, refresh, send). */
    static SessionHarness withHooks(Consumer<LiveNode.Builder> hooks, Consumer<LiveSettings.Builder> customize) {
        return new SessionHarness(customize, hooks, LocalHub.builder(), gated -> gated);
    }

    private SessionHarness(Consumer<LiveSettings.Builder> customize, Consumer<LiveNode.Builder> hooks,
            LocalHub.Builder hubBuilder, java.util.function.UnaryOperator<dev.heliograph.live.hub.Hub> wrap) {
        this.localHub = hubBuilder.build();
        this.hub = new GatedHub(localHub);
        LiveSettings.Builder b = LiveSettings.builder()
                .pingInterval(Duration.ofMinutes(10))
                .pongTimeout(Duration.ofMinutes(1))
                .connectTimeout(Duration.ofMinutes(10))
                .shutdownTimeout(Duration.ofSeconds(1)); // a stalled test transport never takes its close
        customize.accept(b);
        this.settings = b.build();
        LiveNode.Builder node = LiveNode.builder()
                .settings(settings)
                .scheduler(timers)
                .hub(wrap.apply(hub))
                .channelHandler("test", "ns", handler);
        hooks.accept(node);
        this.node = node.build();
    }

    Client client() {
        return client(USER);
    }

    Client client(LiveUser user) {
        return client(user, WireProtocol.JSON);
    }

    /** A client on an emulated (HTTP-streaming/SSE) transport when {@code emulation}. */
    Client client(LiveUser user, boolean emulation) {
        RecordingTransport transport = new RecordingTransport(emulation);
        ClientSession session = new ClientSession(node, user, transport);
        transport.onClose(session::onTransportClosed);
        return new Client(session, transport);
    }

    Client client(LiveUser user, WireProtocol protocol) {
        RecordingTransport transport = new RecordingTransport();
        ClientSession session = new ClientSession(node, user, transport, protocol);
        transport.onClose(session::onTransportClosed);
        return new Client(session, transport);
    }

    /** A client that sent connect (id 1) and got its reply. */
    Client connected() {
        return connected(USER);
    }

    Client connected(LiveUser user) {
        Client c = client(user);
        c.send("{\"id\":1,\"connect\":{}}");
        c.awaitMessages(1);
        assertThat(c.messages().get(0)).startsWith("{\"id\":1,\"connect\":{\"client\":");
        return c;
    }

    /** An Awaitility wait that checks at once and then every millisecond, for ten seconds at most. */
    static org.awaitility.core.ConditionFactory await() {
        return org.awaitility.Awaitility.await()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                .atMost(Duration.ofSeconds(10));
    }

    private static ScheduledThreadPoolExecutor newTimers() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "harness-timers");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    @Override
    public void close() {
        node.close();
        hub.close();
        timers.shutdownNow();
    }

    /** One test client. */
    static final class Client {
        final ClientSession session;
        final RecordingTransport transport;

        Client(ClientSession session, RecordingTransport transport) {
            this.session = session;
            this.transport = transport;
        }

        /** From now on answers every ping with a pong, as the browser client does. */
        void answerPings() {
            transport.onFrame(frame -> {
                for (String message : frame.split("\n")) {
                    if (message.equals("{}")) {
                        session.onText("{}");
                    }
                }
            });
        }

        void send(String text) {
            session.onText(text);
        }

        String id() {
            return session.clientId();
        }

        List<String> messages() {
            return transport.messages();
        }

        /** Waits until at least {@code n} messages arrived; returns them all. */
        List<String> awaitMessages(int n) {
            await().until(() -> transport.messages().size() >= n);
            return transport.messages();
        }

        String last() {
            List<String> m = messages();
            return m.get(m.size() - 1);
        }

        /** Sends {@code command} and returns the single message it produced. */
        String call(String command) {
            int before = messages().size();
            send(command);
            List<String> after = awaitMessages(before + 1);
            return after.get(before);
        }

        void awaitClosed(int code, String reasonStart) {
            await().until(() -> transport.closeCode() != null);
            assertThat(transport.closeCode()).as("close code (reason %s)", transport.closeReason()).isEqualTo(code);
            assertThat(transport.closeReason()).startsWith(reasonStart);
            assertThat(session.isClosed()).isTrue();
        }
    }
}
