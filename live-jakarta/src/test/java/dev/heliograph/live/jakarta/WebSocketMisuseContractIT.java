package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.hub.LocalHub;
import jakarta.servlet.ServletContext;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a WebSocket client that breaks the rules is told: a binary frame on the JSON protocol, a
 * message far over the limit. The client is the JDK's, as an outside client would be, and it must
 * see a close frame with the right code, never a dropped connection. Each container runs it
 * through a small subclass.
 */
abstract class WebSocketMisuseContractIT {

    protected abstract RunningServer start(Consumer<ServletContext> register) throws Exception;

    private static final int PUSH_LIMIT = 64 * 1024;

    private LocalHub hub;
    private LiveNode node;
    private RunningServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<JdkWebSocket> sockets = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        hub = new LocalHub();
        node = LiveNode.builder().hub(hub).settings(LiveSettings.builder().pushMessageLimit(PUSH_LIMIT).build()).build();
        server = start(ctx -> LiveServlets.register(ctx, node, TestUsers::authenticate));
    }

    @AfterEach
    void tearDown() throws Exception {
        sockets.forEach(JdkWebSocket::close);
        server.close();
        node.close();
        hub.close();
    }

    private JdkWebSocket open(String path, String token) throws Exception {
        JdkWebSocket s = JdkWebSocket.open(http, server.ws(path), token);
        sockets.add(s);
        return s;
    }

    private static String command(int bytes) {
        String head = "{\"id\":1,\"publish\":{\"channel\":\"1/grafana/broadcast/big\",\"data\":\"";
        return head + "x".repeat(bytes - head.length() - 3) + "\"}}";
    }

    @Test
    @DisplayName("a binary frame on /api/live/ws is closed with 1003, saying to send commands as JSON text frames")
    void binaryFrameOnLiveSocket() throws Exception {
        JdkWebSocket s = open("/api/live/ws", "alice-token");

        s.sendBinary("{\"id\":1,\"connect\":{}}".getBytes(StandardCharsets.UTF_8));

        JdkWebSocket.Close close = s.awaitClose();
        assertThat(close.code()).isEqualTo(1003);
        assertThat(close.reason()).contains("JSON text frames");
    }

    @ParameterizedTest(name = "{0} times message_size_limit")
    @ValueSource(ints = {2, 20, 200})
    @DisplayName("a text message far over message_size_limit on /api/live/ws is read to its end and closed with 1009,"
            + " never reset")
    void oversizedMessageOnLiveSocket(int times) throws Exception {
        JdkWebSocket s = open("/api/live/ws", "alice-token");

        CompletableFuture<?> sent = s.sendText(command(times * LiveSettings.DEFAULT_MESSAGE_SIZE_LIMIT));

        assertThat(sent).as("the whole message was written, the server read it").succeedsWithin(Duration.ofSeconds(10));
        assertThat(s.awaitClose().code()).isEqualTo(1009);
    }

    @ParameterizedTest(name = "{0} times the push message limit")
    @ValueSource(ints = {2, 20, 200})
    @DisplayName("a binary message far over the push message limit on the push WebSocket is read to its end and closed"
            + " with 1009, never reset")
    void oversizedMessageOnPushSocket(int times) throws Exception {
        JdkWebSocket s = open("/api/live/push/storm", "dave-token");

        CompletableFuture<?> sent = s.sendBinary("cpu v=1 1000\n".repeat(times * PUSH_LIMIT / 13 + 1)
                .getBytes(StandardCharsets.UTF_8));

        assertThat(sent).as("the whole message was written, the server read it").succeedsWithin(Duration.ofSeconds(10));
        assertThat(s.awaitClose().code()).isEqualTo(1009);
    }

    @Test
    @DisplayName("a binary frame on the push WebSocket is a body like a text frame: the connection stays open")
    void binaryFrameOnPushSocket() throws Exception {
        JdkWebSocket s = open("/api/live/push/storm", "dave-token");

        assertThat(s.sendBinary("cpu v=1 1000\n".getBytes(StandardCharsets.UTF_8))).succeedsWithin(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).until(() -> hub.frameCache().list(1).size() == 1);
        assertThat(s.isClosed()).isFalse();
    }
}
