package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.protocol.Disconnect;
import jakarta.servlet.ServletContext;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The emulated transports (http_stream, sse, the emulation endpoint) on a real container with a
 * real HTTP client. Each container runs it through a small subclass.
 */
abstract class EmulationContractIT {
    private static final Pattern SESSION = Pattern.compile("\"session\":\"([^\"]+)\",\"node\":\"([^\"]+)\"");
    private static final String END = "<end of stream>";

    protected abstract RunningServer start(Consumer<ServletContext> register) throws Exception;

    private LiveNode node;
    private RunningServer server;
    private LiveServlets webSocket;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        serve(LiveSettings.builder());
    }

    private void serve(LiveSettings.Builder settings) throws Exception {
        node = LiveNode.builder().hub(new LocalHub())
                .settings(settings.outboundQueueBytes(64 * 1024).build()).build();
        server = start(ctx -> webSocket = LiveServlets.register(ctx, node, TestUsers::authenticate));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        node.close();
    }

    /** The lines of a streaming response as they arrive, then {@link #END}. */
    private BlockingQueue<String> lines(HttpRequest request) throws Exception {
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        BlockingQueue<String> out = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (Stream<String> s = response.body()) {
                Iterator<String> it = s.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (!line.isEmpty()) {
                        out.add(line);
                    }
                }
            } catch (RuntimeException e) {
                // the stream broke: as good as ended
            }
            out.add(END);
        }, "emulation-test-reader");
        reader.setDaemon(true);
        reader.start();
        return out;
    }

    /** The next line that is no join push (the broadcast feature announces every subscriber). */
    private static String next(BlockingQueue<String> lines) throws InterruptedException {
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("a line within 10 s").isNotNull();
            if (!line.contains("\"join\":{")) {
                return line;
            }
        }
    }

    private int emulate(String session, String nodeId, String data) throws Exception {
        String body = "{\"session\":\"" + session + "\",\"node\":\"" + nodeId + "\",\"data\":"
                + "\"" + data.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"}";
        return http.send(HttpRequest.newBuilder(server.http("/api/live/emulation"))
                .header("Authorization", "Bearer alice-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private BlockingQueue<String> openHttpStream() throws Exception {
        return lines(HttpRequest.newBuilder(server.http("/api/live/http_stream"))
                .header("Authorization", "Bearer alice-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":1,\"connect\":{}}")).build());
    }

    @Test
    @DisplayName("http_stream: connect names session and node, posted commands answer on the stream, publications follow as lines")
    void httpStreamRoundTrip() throws Exception {
        BlockingQueue<String> lines = openHttpStream();
        String connect = next(lines);
        assertThat(connect).startsWith("{\"id\":1,\"connect\":{\"client\":");
        Matcher m = SESSION.matcher(connect);
        assertThat(m.find()).as(connect).isTrue();
        assertThat(m.group(2)).isEqualTo(node.id());

        assertThat(emulate(m.group(1), m.group(2), "{\"id\":2,\"subscribe\":{\"channel\":\"1/grafana/broadcast/emu\"}}"))
                .isEqualTo(204);
        assertThat(next(lines)).isEqualTo("{\"id\":2,\"subscribe\":{}}");
        node.publishFromServer(OrgChannel.of(1, "grafana/broadcast/emu"), RawJson.parse("{\"n\":1}"));
        assertThat(next(lines)).isEqualTo("{\"push\":{\"channel\":\"1/grafana/broadcast/emu\",\"pub\":{\"data\":{\"n\":1}}}}");

        node.control().disconnectUser(1, TestUsers.ALICE.id(), new Disconnect(3503, "logged out"));
        assertThat(next(lines)).isEqualTo("{\"push\":{\"disconnect\":{\"code\":3503,\"reason\":\"logged out\",\"reconnect\":false}}}");
        assertThat(next(lines)).as("the response ends after the disconnect push").isEqualTo(END);
        await().atMost(Duration.ofSeconds(10)).until(() -> webSocket.openConnections() == 0);
    }

    @Test
    @DisplayName("http_stream over max_connections (shared with the WebSocket): a 3504 disconnect push ends the response, counted as refused")
    void connectionLimit() throws Exception {
        server.close();
        node.close();
        serve(LiveSettings.builder().maxConnections(1));
        BlockingQueue<String> first = openHttpStream();
        assertThat(next(first)).startsWith("{\"id\":1,\"connect\":{\"client\":");

        BlockingQueue<String> second = openHttpStream();
        assertThat(next(second)).isEqualTo("{\"push\":{\"disconnect\":{\"code\":3504,\"reason\":\""
                + Disconnect.CONNECTION_LIMIT.reason() + "\",\"reconnect\":false}}}");
        assertThat(next(second)).as("the refused response ends after the disconnect push").isEqualTo(END);
        assertThat(node.metrics().connectionsRefused()).isEqualTo(1);
        assertThat(webSocket.openConnections()).isEqualTo(1);
    }

    @Test
    @DisplayName("sse: the connect command in cf_connect, every message a data event, commands posted with another user refused")
    void sse() throws Exception {
        String connectCommand = URLEncoder.encode("{\"id\":1,\"connect\":{}}", StandardCharsets.UTF_8);
        BlockingQueue<String> lines = lines(HttpRequest.newBuilder(server.http("/api/live/sse?cf_connect=" + connectCommand
                + "&auth_token=alice-token")).GET().build());
        String connect = next(lines);
        assertThat(connect).startsWith("data: {\"id\":1,\"connect\":{\"client\":");
        Matcher m = SESSION.matcher(connect);
        assertThat(m.find()).isTrue();

        assertThat(http.send(HttpRequest.newBuilder(server.http("/api/live/emulation"))
                .header("Authorization", "Bearer bob-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"session\":\"" + m.group(1) + "\",\"node\":\"" + m.group(2)
                        + "\",\"data\":\"{\\\"id\\\":2,\\\"subscribe\\\":{\\\"channel\\\":\\\"1/grafana/broadcast/x\\\"}}\"}"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
        assertThat(emulate(m.group(1), m.group(2), "{\"id\":3,\"subscribe\":{\"channel\":\"1/grafana/broadcast/sse\"}}\n"
                + "{\"id\":4,\"presence_stats\":{\"channel\":\"1/grafana/broadcast/sse\"}}")).isEqualTo(204);
        assertThat(next(lines)).as("bob's post did not reach alice's connection").isEqualTo("data: {\"id\":3,\"subscribe\":{}}");
        assertThat(next(lines)).startsWith("data: {\"id\":4,");
    }

    @Test
    @DisplayName("a client that stops reading its stream is closed (3008) and its place given back")
    void slowReaderIsClosed() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            String body = "{\"id\":1,\"connect\":{}}";
            raw.write(RawHttp.head("POST", "/api/live/http_stream", "Authorization: Bearer alice-token\r\nContent-Length: "
                    + body.length() + "\r\n") + body);
            await().atMost(Duration.ofSeconds(10)).until(() -> node.sessions().size() == 1);
            String session = node.sessions().ofUser(1, TestUsers.ALICE.id()).get(0).emulationSession();
            assertThat(emulate(session, node.id(), "{\"id\":2,\"subscribe\":{\"channel\":\"1/grafana/broadcast/slow\"}}"))
                    .isEqualTo(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> node.localSubscribers().count(OrgChannel.of(1, "grafana/broadcast/slow")) == 1);
            String big = "{\"fill\":\"" + "x".repeat(32 * 1024) + "\"}";
            // Never read: the socket buffers fill, then the session's 64 KiB queue overflows.
            for (int i = 0; i < 2000 && node.sessions().size() > 0; i++) {
                node.publishFromServer(OrgChannel.of(1, "grafana/broadcast/slow"), RawJson.parse(big));
                if (i % 100 == 99) {
                    Thread.sleep(20);
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> node.sessions().size() == 0 && webSocket.openConnections() == 0);
            assertThat(node.metrics().slowClientsClosed()).as("closed as slow (3008)").isEqualTo(1);
        }
    }
}
