package dev.heliograph.live.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short storm profile in the build: the demo jar packaged by this reactor runs as a server
 * process and goes through three waves of 2,000 clients that vanish without a close frame, then
 * a crowd of 2,000 on one broadcast channel with publications and an abrupt drop. Fails on any
 * failed check: a lost canary publication, a stack overflow or out-of-memory in the server log,
 * ghost presence, sockets the server never closed, thread growth, a SIGTERM slower than 10 s, or
 * connected clients not told 3001. The Markdown report lands in {@code target/storm}.
 */
@DisplayName("The short storm profile against the demo jar as a process")
class StormShortProfileIT {

    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    @DisplayName("waves of 2,000 vanishing clients and a crowd of 2,000 leave the server whole, and SIGTERM ends it with 3001")
    void theServerHoldsUpUnderTheShortProfile() throws Exception {
        Path jar = Path.of(System.getProperty("storm.serverJar", "../examples/target/live-example.jar"));
        Path work = Path.of(System.getProperty("storm.workDir", "target/storm"));
        assertThat(Files.isRegularFile(jar))
                .as("the demo jar %s, packaged by the examples module of this reactor", jar.toAbsolutePath())
                .isTrue();
        Path report = work.resolve("short-profile.md");

        List<ScenarioResult> results = StormTool.run(StormTool.parse("--profile", "short", "--server-jar",
                jar.toString(), "--work-dir", work.toString(), "--report", report.toString()));

        List<String> failed = results.stream()
                .flatMap(r -> r.failures().stream().map(c -> r.name() + ": " + c))
                .toList();
        assertThat(failed).as("failed storm checks (report: %s)", report.toAbsolutePath()).isEmpty();
        assertThat(results).extracting(ScenarioResult::name).containsExactly("wave", "crowd-2000");
    }
}
