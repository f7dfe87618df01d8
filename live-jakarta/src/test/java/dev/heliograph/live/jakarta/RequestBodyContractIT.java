package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.hub.LocalHub;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How the HTTP API's {@code POST} endpoints take bodies from clients that misbehave: bodies that
 * stall half way, and bodies far over the limit. Runs on a container with a small thread pool
 * ({@value #THREADS} threads), so that a body read holding a thread would show at once. Each
 * container runs it through a small subclass.
 */
abstract class RequestBodyContractIT {

    /** Starts the container under test with at most {@code maxThreads} request threads. */
    protected abstract RunningServer start(Consumer<ServletContext> register, int maxThreads) throws Exception;

    static final int THREADS = 20;
    private static final String PUBLISH_HEADERS = "Authorization: Bearer alice-token\r\nContent-Type: application/json\r\n";

    private LiveNode node;
    private LocalHub hub;
    private RunningServer server;
    private final AtomicInteger postsSeen = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<RawHttp> sockets = new ArrayList<>();

    @BeforeEach
    void setUp() {
        hub = new LocalHub();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (RawHttp s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
        if (node != null) {
            node.close();
        }
        hub.close();
    }

    private void serve(LiveSettings.Builder settings) throws Exception {
        node = LiveNode.builder().hub(hub).settings(settings.build()).build();
        Authenticator countingPosts = req -> {
            if ("POST".equals(req.getMethod())) {
                postsSeen.incrementAndGet();
            }
            return TestUsers.authenticate(req);
        };
        server = start(ctx -> LiveServlets.register(ctx, node, countingPosts), THREADS);
    }

    private RawHttp socket() throws IOException {
        RawHttp s = new RawHttp(server.port());
        sockets.add(s);
        return s;
    }

    private HttpResponse<String> publish(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(server.http("/api/live/publish"))
                .header("Authorization", "Bearer bob-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("300 publish bodies stalled after 7 of 1000 bytes hold no thread: GET /api/live/list and a good"
            + " publish answer while they all still wait, and each stalled one is answered 408 at its deadline")
    void stalledBodiesHoldNoThread() throws Exception {
        serve(LiveSettings.builder().bodyTimeout(Duration.ofSeconds(8)));
        int stalledCount = 15 * THREADS;
        List<RawHttp> stalled = new ArrayList<>();
        for (int i = 0; i < stalledCount; i++) {
            RawHttp s = socket();
            s.write(RawHttp.head("POST", "/api/live/publish", PUBLISH_HEADERS + "Content-Length: 1000\r\n")
                    + "{\"chann");
            stalled.add(s);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(postsSeen.get())
                .as("stalled POSTs that reached the servlet").isEqualTo(stalledCount));

        HttpResponse<String> list = http.send(HttpRequest.newBuilder(server.http("/api/live/list"))
                .header("Authorization", "Bearer bob-token").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> good = publish("{\"channel\":\"grafana/broadcast/storm\",\"data\":{\"ok\":true}}");

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(good.statusCode()).isEqualTo(200);
        for (RawHttp s : stalled) {
            assertThat(s.answered()).as("a stalled request was answered before the good ones").isFalse();
        }
        for (RawHttp s : stalled) {
            RawHttp.Response r = s.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.body()).contains("did not arrive within 8000 ms").contains("received 7 of 1000 bytes")
                    .contains("[live] body_timeout");
        }
    }

    @Test
    @DisplayName("an empty publish body is answered 400 at once, by Content-Length: 0 or an empty chunked body")
    void emptyBody() throws Exception {
        serve(LiveSettings.builder());
        RawHttp byLength = socket();
        RawHttp byChunks = socket();

        byLength.write(RawHttp.head("POST", "/api/live/publish", PUBLISH_HEADERS + "Content-Length: 0\r\n"));
        byChunks.write(RawHttp.head("POST", "/api/live/publish", PUBLISH_HEADERS + "Transfer-Encoding: chunked\r\n")
                + "0\r\n\r\n");
        RawHttp.Response declared = byLength.read();
        RawHttp.Response chunked = byChunks.read();

        assertThat(declared.status()).isEqualTo(400);
        assertThat(declared.body()).contains("request body is empty");
        assertThat(chunked.status()).isEqualTo(400);
        assertThat(chunked.body()).contains("request body is empty");
    }

    @Test
    @DisplayName("a stalled push body is answered 408 naming push_body_timeout, chunked or with a Content-Length")
    void stalledPushBody() throws Exception {
        serve(LiveSettings.builder().pushBodyTimeout(Duration.ofMillis(500)));
        RawHttp declared = socket();
        declared.write(RawHttp.head("POST", "/api/live/push/telegraf", PUBLISH_HEADERS + "Content-Length: 100\r\n")
                + "cpu v=1");
        RawHttp chunked = socket();
        chunked.write(RawHttp.head("POST", "/api/live/push/telegraf", PUBLISH_HEADERS
                + "Transfer-Encoding: chunked\r\n") + "7\r\ncpu v=1\r\n");

        RawHttp.Response r = declared.read();
        assertThat(r.status()).isEqualTo(408);
        assertThat(r.body()).contains("received 7 of 100 bytes").contains("[live] push_body_timeout");
        RawHttp.Response c = chunked.read();
        assertThat(c.status()).isEqualTo(408);
        assertThat(c.body()).contains("received 7 bytes").contains("[live] push_body_timeout");
    }

    @Test
    @DisplayName("a 20 MB publish body declared by Content-Length gets a 413 the client reads while it is still sending")
    void oversizedBodyReadWhileSending() throws Exception {
        serve(LiveSettings.builder());
        RawHttp s = socket();
        long size = 20_000_000;
        s.write(RawHttp.head("POST", "/api/live/publish", PUBLISH_HEADERS + "Content-Length: " + size + "\r\n"));
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                s.writeFiller(size);
            } catch (IOException e) {
                // the server may stop reading once it answered; the answer is what counts
            }
        });

        RawHttp.Response r = s.read();

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).contains("is 20000000 bytes").contains("message_size_limit = 65536");
        sending.join();
        assertThat(publish("{\"channel\":\"grafana/broadcast/after\",\"data\":{}}").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a 20 MB push body sent whole before reading still gets a 413 the client can read, not a reset")
    void oversizedBodySentWholeFirst() throws Exception {
        serve(LiveSettings.builder());
        RawHttp s = socket();
        long size = 20_000_000;
        s.write(RawHttp.head("POST", "/api/live/push/telegraf", PUBLISH_HEADERS + "Content-Length: " + size + "\r\n"));

        s.writeFiller(size);
        RawHttp.Response r = s.read();

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.headers()).containsEntry("connection", "close");
        assertThat(r.body()).contains("is 20000000 bytes").contains("push_body_limit");
    }

    @Test
    @DisplayName("a chunked publish body that crosses the limit gets a 413 the client can read after sending it all")
    void oversizedChunkedBody() throws Exception {
        serve(LiveSettings.builder().messageSizeLimit(1024));
        RawHttp s = socket();
        s.write(RawHttp.head("POST", "/api/live/publish", PUBLISH_HEADERS + "Transfer-Encoding: chunked\r\n"));
        String chunk = "x".repeat(4096);
        for (int i = 0; i < 256; i++) {
            s.write(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
        }
        s.write("0\r\n\r\n");

        RawHttp.Response r = s.read();

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).contains("larger than [live] message_size_limit = 1024 bytes");
    }
}
