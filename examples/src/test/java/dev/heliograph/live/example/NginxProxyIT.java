package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo behind a real nginx (Debian's package), configured as the Live operations notes say
 * (HTTP/1.1, Upgrade and Connection passed on, Host set), and behind a plain reverse proxy that
 * drops the Upgrade headers.
 */
@DisplayName("The demo behind nginx")
class NginxProxyIT {
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private DemoServer server;
    private NginxProxy nginx;

    @BeforeEach
    void requireNginx() {
        ExternalTools.require(ExternalTools.NGINX, "nginx");
    }

    @AfterEach
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** nginx on a free port and the demo behind it, its public URL (root_url) being nginx's. */
    private void start(String location) throws Exception {
        int port = NginxProxy.freePort();
        // proxy_set_header Host $host drops the port, so the browser's Origin (with nginx's port)
        // matches the public URL, not the Host: root_url is how the server knows its public address
        server = DemoServer.start("--port", "0", "--root-url", "http://127.0.0.1:" + port + "/");
        nginx = NginxProxy.start(dir.resolve("nginx"), port, server.port(), location);
    }

    @Test
    @DisplayName("with the documented WebSocket configuration a client connects, subscribes, publishes and receives through nginx")
    void aClientReceivesThroughNginx() throws Exception {
        start(NginxProxy.WEBSOCKET_LOCATION);
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", BASIC)
                .buildAsync(URI.create("ws://127.0.0.1:" + nginx.port() + "/api/live/ws"), TextFrames.collector(frames))
                .get(10, TimeUnit.SECONDS);
        try {
            ws.sendText("{\"id\":1,\"connect\":{}}\n{\"id\":2,\"subscribe\":{\"channel\":\"1/grafana/broadcast/through-nginx\"}}",
                    true).get(5, TimeUnit.SECONDS);
            assertThat(TextFrames.nextContaining(frames, "\"id\":2")).contains("\"subscribe\":{");
            ws.sendText("{\"id\":3,\"publish\":{\"channel\":\"1/grafana/broadcast/through-nginx\",\"data\":{\"via\":\"nginx\"}}}",
                    true).get(5, TimeUnit.SECONDS);
            assertThat(TextFrames.nextContaining(frames, "\"push\""))
                    .contains("\"channel\":\"1/grafana/broadcast/through-nginx\"")
                    .contains("\"data\":{\"via\":\"nginx\"}");
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        // nginx writes an upgraded request's access line when the connection ends
        assertSwitchedProtocolsThroughNginx();
    }

    @Test
    @DisplayName("with the documented WebSocket configuration the demo page in chromium connects, charts and chats through nginx")
    void thePageWorksThroughNginx() throws Exception {
        ExternalTools.require(ExternalTools.CHROMIUM, "chromium");
        Path node = ExternalTools.node();
        ExternalTools.installBrowserDependencies();
        start(NginxProxy.WEBSOCKET_LOCATION);

        ExternalTools.Run run = ExternalTools.run(List.of(node.toString(), "demo-browser-test.js"), ExternalTools.BROWSER_DIR,
                Map.of("BASE_URL", nginx.baseUrl(), "ARTIFACTS", ExternalTools.ARTIFACTS.resolve("nginx").toString(),
                        "MODE", "proxy", "CHROMIUM", ExternalTools.CHROMIUM.toString()),
                Duration.ofMinutes(3), ExternalTools.ARTIFACTS.resolve("nginx-browser-test.log"));

        assertThat(run.exitCode()).as("browser test output:%n%s", run.output()).isZero();
        assertThat(ExternalTools.checks(run)).as("browser test output:%n%s", run.output())
                .noneMatch(l -> l.startsWith("FAIL"))
                .anyMatch(l -> l.startsWith("PASS the random-2s-stream chart moves"))
                .anyMatch(l -> l.startsWith("PASS two pages see each other's chat message"));
        assertSwitchedProtocolsThroughNginx();
    }

    @Test
    @DisplayName("behind a proxy that strips Upgrade the page in chromium falls back to http_stream and still charts and chats")
    void thePageFallsBackToHttpStreamWithoutUpgrade() throws Exception {
        ExternalTools.require(ExternalTools.CHROMIUM, "chromium");
        Path node = ExternalTools.node();
        ExternalTools.installBrowserDependencies();
        start(NginxProxy.PLAIN_LOCATION);

        ExternalTools.Run run = ExternalTools.run(List.of(node.toString(), "demo-browser-test.js"), ExternalTools.BROWSER_DIR,
                Map.of("BASE_URL", nginx.baseUrl(), "ARTIFACTS", ExternalTools.ARTIFACTS.resolve("nginx-fallback").toString(),
                        "MODE", "proxy", "TRANSPORT", "http_stream", "CHROMIUM", ExternalTools.CHROMIUM.toString()),
                Duration.ofMinutes(3), ExternalTools.ARTIFACTS.resolve("nginx-fallback-browser-test.log"));

        assertThat(run.exitCode()).as("browser test output:%n%s", run.output()).isZero();
        assertThat(ExternalTools.checks(run)).as("browser test output:%n%s", run.output())
                .noneMatch(l -> l.startsWith("FAIL"))
                .anyMatch(l -> l.startsWith("PASS the page is connected over http_stream"))
                .anyMatch(l -> l.startsWith("PASS the random-2s-stream chart moves"))
                .anyMatch(l -> l.startsWith("PASS two pages see each other's chat message"));
        // nginx logs a streaming request when it ends: once the browser closed its pages
        org.awaitility.Awaitility.await("nginx logs the streams and the posts").atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(nginx.accessLog()).as("nginx access log")
                        .anyMatch(l -> l.contains("POST /api/live/http_stream") && l.contains(" 200 "))
                        .anyMatch(l -> l.contains("POST /api/live/emulation") && l.contains(" 204 "))
                        .noneMatch(l -> l.contains("GET /api/live/ws") && l.contains(" 101 ")));
    }

    private void assertSwitchedProtocolsThroughNginx() {
        org.awaitility.Awaitility.await("nginx logs a 101 for GET /api/live/ws").atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(nginx.accessLog()).as("nginx access log")
                        .anyMatch(l -> l.contains("GET /api/live/ws") && l.contains(" 101 ")));
    }

    @Test
    @DisplayName("a proxy that drops the Upgrade headers fails the upgrade with 400 and the server log says to pass Upgrade and Connection")
    void aProxyWithoutUpgradeHeadersFailsClearly() throws Exception {
        try (CapturedStderr log = new CapturedStderr()) {
            start(NginxProxy.PLAIN_LOCATION);
            CompletableFuture<WebSocket> attempt = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", BASIC)
                    .buildAsync(URI.create("ws://127.0.0.1:" + nginx.port() + "/api/live/ws"), TextFrames.collector(new LinkedBlockingQueue<>()));
            Throwable failure = catchThrowable(() -> attempt.get(10, TimeUnit.SECONDS));

            assertThat(failure).hasCauseInstanceOf(WebSocketHandshakeException.class);
            WebSocketHandshakeException handshake = (WebSocketHandshakeException) failure.getCause();
            assertThat(handshake.getResponse().statusCode()).isEqualTo(400);
            assertThat(String.valueOf(handshake.getResponse().body()))
                    .contains("WebSocket upgrade headers missing: if a proxy is in front, configure it to pass Upgrade and Connection");
            org.awaitility.Awaitility.await("the warning in the server log").atMost(Duration.ofSeconds(5))
                    .until(() -> log.text().contains("WebSocket upgrade headers missing: if a proxy is in front,"
                            + " configure it to pass Upgrade and Connection"));
            assertThat(log.text()).contains("WARN").contains("Connection: close");
        }
    }
}
