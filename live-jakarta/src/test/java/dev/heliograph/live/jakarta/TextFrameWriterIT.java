package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.protocol.OutboundFrame;
import jakarta.servlet.ServletContext;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Which writer {@link JakartaTransport} picks on each real container, and that the frame a
 * client receives is the same text either way (a batch joined with {@code \n}, non-ASCII text).
 */
public class TextFrameWriterIT { // public: Jetty's client only calls listeners it can reach publicly
    private static final String TEXT = "{\"push\":{\"channel\":\"1/grafana/broadcast/a\"}}\n{\"x\":\"h\u00e9llo \u2713 \uD83D\uDE00\"}";
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor();
    private static volatile CompletableFuture<Boolean> sharesBytes;

    private final HttpClient http = HttpClient.newHttpClient();

    /** What {@link SendOnOpen} sends; {@link #TEXT} unless a test sets another. */
    private static volatile OutboundFrame toSend = OutboundFrame.ofText(TEXT);

    /** Sends {@link #toSend} as one frame through a {@link JakartaTransport} as soon as it opens. */
    public static final class SendOnOpen extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            JakartaTransport transport = new JakartaTransport(session, TIMERS);
            sharesBytes.complete(transport.sharesBytes());
            transport.sendText(toSend, failure -> {});
        }
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(TextFrameWriter.NATIVE_WRITES_PROPERTY);
        toSend = OutboundFrame.ofText(TEXT);
    }

    @AfterAll
    static void stopTimers() {
        TIMERS.shutdownNow();
    }

    @Test
    @DisplayName("on embedded Jetty 12 (ee11) frames go out as shared bytes through the core session")
    void jettyWritesSharedBytes() throws Exception {
        assertThat(receive(JettyServers::start)).isTrue();
    }

    @Test
    @DisplayName("on Jetty a wide frame (a push for many subscribers) goes out from its shared off-heap copy, intact")
    void jettyWideFrame() throws Exception {
        toSend = OutboundFrame.ofWideText(TEXT);
        assertThat(receive(JettyServers::start, TEXT)).isTrue();
    }

    @Test
    @DisplayName("on Jetty a frame larger than the session's frame limit takes the session path and is fragmented, intact")
    void jettyFrameOverTheFrameLimit() throws Exception {
        String big = TEXT + "x".repeat(200_000); // Jetty's default frame limit is 64 KiB
        toSend = OutboundFrame.ofWideText(big);
        assertThat(receive(JettyServers::start, big)).isTrue();
    }

    @Test
    @DisplayName("on Jetty with the native path switched off, frames go through the Jakarta API")
    void jettyFallback() throws Exception {
        System.setProperty(TextFrameWriter.NATIVE_WRITES_PROPERTY, "false");
        assertThat(receive(JettyServers::start)).isFalse();
    }

    @Test
    @DisplayName("on Tomcat 11 frames go through the Jakarta API")
    void tomcatUsesJakarta() throws Exception {
        assertThat(receive(TomcatServers::start)).isFalse();
    }

    @Test
    @DisplayName("on Jetty the shared bytes also go out compressed when the client negotiated permessage-deflate")
    void jettyDeflate() throws Exception {
        sharesBytes = new CompletableFuture<>();
        org.eclipse.jetty.websocket.client.WebSocketClient client = new org.eclipse.jetty.websocket.client.WebSocketClient();
        client.start();
        try (RunningServer server = JettyServers.start(TextFrameWriterIT::registerSendOnOpen)) {
            CompletableFuture<String> received = new CompletableFuture<>();
            CompletableFuture<String> negotiated = new CompletableFuture<>();
            org.eclipse.jetty.websocket.client.ClientUpgradeRequest request =
                    new org.eclipse.jetty.websocket.client.ClientUpgradeRequest(server.ws("/send"));
            request.addExtensions("permessage-deflate");
            client.connect(new TextListener(negotiated, received), request).get(10, TimeUnit.SECONDS);
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(TEXT);
            assertThat(negotiated.get(10, TimeUnit.SECONDS)).contains("permessage-deflate");
            assertThat(sharesBytes.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            client.stop();
        }
    }

    /** Records the negotiated extensions and the first text message. */
    public static final class TextListener implements org.eclipse.jetty.websocket.api.Session.Listener.AutoDemanding {
        private final CompletableFuture<String> negotiated;
        private final CompletableFuture<String> received;

        TextListener(CompletableFuture<String> negotiated, CompletableFuture<String> received) {
            this.negotiated = negotiated;
            this.received = received;
        }

        @Override
        public void onWebSocketOpen(org.eclipse.jetty.websocket.api.Session session) {
            negotiated.complete(String.valueOf(session.getUpgradeResponse().getHeader("Sec-WebSocket-Extensions")));
        }

        @Override
        public void onWebSocketText(String message) {
            received.complete(message);
        }
    }

    private static void registerSendOnOpen(ServletContext context) {
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        try {
            container.addEndpoint(ServerEndpointConfig.Builder.create(SendOnOpen.class, "/send").build());
        } catch (jakarta.websocket.DeploymentException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the container with {@link SendOnOpen}, connects, checks the text; whether bytes were shared. */
    private boolean receive(RunningServer.Launcher launcher) throws Exception {
        return receive(launcher, TEXT);
    }

    /** As {@link #receive(RunningServer.Launcher)}, expecting {@code expected} (what {@link #toSend} holds). */
    private boolean receive(RunningServer.Launcher launcher, String expected) throws Exception {
        sharesBytes = new CompletableFuture<>();
        Consumer<ServletContext> register = TextFrameWriterIT::registerSendOnOpen;
        try (RunningServer server = launcher.start(register)) {
            CompletableFuture<String> received = new CompletableFuture<>();
            StringBuilder text = new StringBuilder();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(server.ws("/send"), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        received.complete(text.toString());
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(expected);
            socket.abort();
            return sharesBytes.get(10, TimeUnit.SECONDS);
        }
    }
}
