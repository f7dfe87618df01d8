package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo page in a real browser: Debian's chromium driven by playwright-core
 * ({@code src/test/browser/demo-browser-test.js}) against a {@link DemoServer} started in this
 * JVM on a free port. Screenshots land in {@code target/browser-artifacts/}.
 */
@DisplayName("The demo page in chromium")
class DemoBrowserIT {
    private static final int PING_SECONDS = 2;

    private DemoServer server;

    @BeforeEach
    void start() throws Exception {
        ExternalTools.require(ExternalTools.CHROMIUM, "chromium");
        ExternalTools.node();
        ExternalTools.installBrowserDependencies();
        // pings every 2 s (pong due within 1 s), so the page's pong answers are exercised in the run
        server = DemoServer.start("--port", "0", "--ping-interval", String.valueOf(PING_SECONDS));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("a user logs in, sees the chart move, chats with a second page, reconnects, charts a pushed stream, sees the dashboard change, and the real centrifuge client receives")
    void theWholeTour() throws Exception {
        deleteOldScreenshots();
        String base = "http://127.0.0.1:" + server.port();
        ExternalTools.Run run = ExternalTools.run(List.of(ExternalTools.node().toString(), "demo-browser-test.js"),
                ExternalTools.BROWSER_DIR,
                Map.of("BASE_URL", base, "ARTIFACTS", ExternalTools.ARTIFACTS.toString(), "MODE", "full",
                        "CHROMIUM", ExternalTools.CHROMIUM.toString(),
                        "PING_SECONDS", String.valueOf(PING_SECONDS)),
                Duration.ofMinutes(4), ExternalTools.ARTIFACTS.resolve("demo-browser-test.log"));

        assertThat(run.exitCode()).as("browser test output:%n%s", run.output()).isZero();
        List<String> expected = List.of(
                "PASS without a login the page answers 401",
                "PASS after logging in, the page connects and shows the user",
                "PASS the random-2s-stream chart moves",
                "PASS two pages see each other in presence",
                "PASS two pages see each other's chat message",
                "PASS after the connection drops, the page reconnects and resubscribes",
                "PASS editing-started in one tab shows in the other, and a save shows \"changed by admin\"",
                "PASS the real centrifuge client connects, subscribes and receives a publication",
                "PASS a page answers the server's pings: one connection outlives several ping intervals",
                "PASS a pushed stream can be picked from /api/live/list and its chart moves",
                "PASS a page that closes is seen leaving");
        List<String> checks = ExternalTools.checks(run);
        assertThat(checks).as("browser test output:%n%s", run.output()).noneMatch(l -> l.startsWith("FAIL"));
        for (String check : expected) {
            assertThat(checks).as("browser test output:%n%s", run.output()).anyMatch(l -> l.startsWith(check));
        }
        for (String png : List.of("00-overview.png", "01-live-page.png", "02-chat-a.png", "02-chat-b.png",
                "03-pushed-stream.png", "04-dashboard-changed.png")) {
            assertThat(ExternalTools.ARTIFACTS.resolve(png)).as("screenshot %s", png).isNotEmptyFile();
        }
    }

    /** Screenshots of an earlier run must not pass for this run's. */
    private static void deleteOldScreenshots() throws java.io.IOException {
        if (!Files.isDirectory(ExternalTools.ARTIFACTS)) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = Files.list(ExternalTools.ARTIFACTS)) {
            for (java.nio.file.Path png : files.filter(f -> f.getFileName().toString().endsWith(".png")).toList()) {
                Files.delete(png);
            }
        }
    }
}
