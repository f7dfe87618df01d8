package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo page's files and its /api/demo endpoints, over HTTP against a running {@link DemoServer}. */
@DisplayName("The demo page's files and API")
class DemoPageIT {
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

    private static String basic(String login) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + login).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String path, String login) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", basic(login)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String login, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", basic(login)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    @DisplayName("files")
    class Files_ {
        @Test
        @DisplayName("/ is the live page, with the vendored centrifuge client and uPlot and no script from elsewhere")
        void rootIsTheLivePage() throws Exception {
            HttpResponse<String> page = get("/", "admin");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.body())
                    .contains("<script src=\"vendor/centrifuge/centrifuge.js\"></script>",
                            "<script src=\"vendor/uplot/uPlot.iife.min.js\"></script>")
                    .doesNotContain("js/live-client.js", "\"js/chart.js\"")
                    .doesNotContainPattern("(src|href)=\"(https?:)?//");
        }

        @Test
        @DisplayName("scripts are served as JavaScript, not to be cached without asking")
        void scriptsAreJavaScript() throws Exception {
            HttpResponse<String> js = get("/vendor/centrifuge/centrifuge.js", "admin");
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
            assertThat(js.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(js.body()).contains("globalThis.Centrifuge=");
        }

        @Test
        @DisplayName("the vendored libraries' licences are served beside them")
        void licencesAreServed() throws Exception {
            for (String path : new String[] {"/vendor/centrifuge/LICENSE", "/vendor/uplot/LICENSE"}) {
                HttpResponse<String> licence = get(path, "admin");
                assertThat(licence.statusCode()).as(path).isEqualTo(200);
                assertThat(licence.body()).as(path).contains("MIT License");
            }
        }

        @Test
        @DisplayName("directories are not listed")
        void noDirectoryListing() throws Exception {
            assertThat(get("/vendor/", "admin").statusCode()).isIn(403, 404);
        }

        @Test
        @DisplayName("paths outside the page's files are 404, classes included")
        void nothingElseIsServed() throws Exception {
            for (String path : new String[] {"/../logback.xml", "/dev/heliograph/live/example/DemoServer.class", "/missing.html",
                    "/%2e%2e/static/index.html"}) {
                assertThat(get(path, "admin").statusCode()).as(path).isIn(400, 404);
            }
        }

        @Test
        @DisplayName("without a login nothing is served and the browser is asked for one")
        void loginFirst() throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic "));
        }
    }

    @Nested
    @DisplayName("/api/demo")
    class Api {
        @Test
        @DisplayName("/me says who is signed in and in which org")
        void me() throws Exception {
            HttpResponse<String> r = get("/api/demo/me", "viewer");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"id\":\"2\",\"login\":\"viewer\",\"orgId\":1,\"role\":\"VIEWER\"}");
        }

        @Test
        @DisplayName("a save is announced on grafana/dashboard/uid/<uid> with the user and the message")
        void aSaveIsAnnounced() throws Exception {
            LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
            WebSocket ws = HTTP.newWebSocketBuilder().header("Authorization", basic("admin"))
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/live/ws"), TextFrames.collector(frames))
                    .get(10, TimeUnit.SECONDS);
            try {
                ws.sendText("{\"id\":1,\"connect\":{}}\n{\"id\":2,\"subscribe\":{\"channel\":\"1/grafana/dashboard/uid/demo\"}}", true)
                        .get(5, TimeUnit.SECONDS);
                assertThat(TextFrames.nextContaining(frames, "\"id\":2")).isEqualTo("{\"id\":2,\"subscribe\":{}}");

                HttpResponse<String> saved = post("/api/demo/dashboards/demo", "admin",
                        "{\"title\":\"Renamed\",\"description\":\"d\",\"message\":\"new \\\"title\\\"\"}");

                assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
                assertThat(saved.body()).contains("\"title\":\"Renamed\"", "\"updatedBy\":\"admin\"");
                assertThat(TextFrames.nextContaining(frames, "\"push\"")).isEqualTo("{\"push\":{\"channel\":\"1/grafana/dashboard/uid/demo\",\"pub\":{\"data\":"
                        + "{\"uid\":\"demo\",\"action\":\"saved\",\"user\":{\"id\":\"1\",\"login\":\"admin\"},\"message\":\"new \\\"title\\\"\"}}}}");
                assertThat(get("/api/demo/dashboards/demo", "viewer").body()).contains("\"title\":\"Renamed\"");
            } finally {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
        }

        @Test
        @DisplayName("a viewer may not save (403, naming the role that may)")
        void viewerMayNotSave() throws Exception {
            HttpResponse<String> r = post("/api/demo/dashboards/demo", "viewer", "{\"title\":\"x\"}");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("'viewer' (VIEWER) may not edit dashboards", "Editor or Admin");
        }

        @Test
        @DisplayName("bad bodies are 400 saying what was wrong")
        void badBodies() throws Exception {
            assertThat(post("/api/demo/dashboards/demo", "admin", "[1]").body()).contains("expected a JSON object", "[1]");
            assertThat(post("/api/demo/dashboards/demo", "admin", "{\"title\":").body()).contains("not valid JSON");
            assertThat(post("/api/demo/dashboards/demo", "admin", "{\"title\":7}").body()).contains("\\\"title\\\" must be a string");
            HttpResponse<String> blank = post("/api/demo/dashboards/demo", "admin", "{\"title\":\"  \"}");
            assertThat(blank.statusCode()).isEqualTo(400);
            assertThat(blank.body()).contains("non-blank string of at most 200 characters");
        }

        @Test
        @DisplayName("an unknown dashboard is 404 naming the uid and the one that exists")
        void unknownDashboard() throws Exception {
            HttpResponse<String> r = get("/api/demo/dashboards/nope", "admin");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("'nope'", "'demo'");
            assertThat(post("/api/demo/dashboards/nope", "admin", "{\"title\":\"x\"}").statusCode()).isEqualTo(404);
        }
    }
}
