package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's {@code /metrics}: 401 without credentials, 403 for a viewer, Prometheus text for an admin. */
class DemoMetricsIT {
    @TempDir
    static Path dir;

    private static DemoServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path users = dir.resolve("users.txt");
        Files.writeString(users, "admin:admin:1:Admin:admin-api-token\nviewer:viewer:1:Viewer\n");
        server = DemoServer.start("--port", "0", "--users-file", users.toString());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> get(String login) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"));
        if (login != null) {
            b.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((login + ":" + login).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> publish() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/live/publish"))
                .header("Authorization", "Bearer admin-api-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"grafana/broadcast/m\",\"data\":{\"v\":1}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutCredentials401() throws Exception {
        HttpResponse<String> r = get(null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).doesNotContain("heliograph_live_");
    }

    @Test
    void viewer403() throws Exception {
        HttpResponse<String> r = get("viewer");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).doesNotContain("heliograph_live_");
    }

    @Test
    void adminGetsPrometheusTextThatMoves() throws Exception {
        assertThat(publish().statusCode()).isEqualTo(200);
        HttpResponse<String> r = get("admin");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(r.body())
                .contains("# TYPE heliograph_live_client_connections gauge")
                .contains("heliograph_live_node_publications_total{source=\"http\"} 1.0")
                .contains("heliograph_live_transport_sent_bytes_total");
        assertThat(publish().statusCode()).isEqualTo(200);
        assertThat(get("admin").body()).contains("heliograph_live_node_publications_total{source=\"http\"} 2.0");
    }
}
