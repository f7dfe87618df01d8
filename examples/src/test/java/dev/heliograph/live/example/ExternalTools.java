package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The programs the demo's integration tests drive (Debian's {@code chromium} and {@code nginx},
 * {@code node}/{@code npm}), found on the machine and never downloaded: {@code .ci/run}
 * installs them. In CI ({@code CI} set) a missing program fails the test; on a developer's
 * machine it skips the test with a message saying what to install. Used from test threads.
 */
final class ExternalTools {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path NGINX = Path.of("/usr/sbin/nginx");
    /** The npm project with playwright-core, the real centrifuge client and uPlot; relative to the module. */
    static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();
    /** Where screenshots and logs go; kept by CI as artifacts. */
    static final Path ARTIFACTS = Path.of("target/browser-artifacts").toAbsolutePath();

    private ExternalTools() {}

    /** Fails (CI) or skips (elsewhere) unless {@code program} is an executable file. */
    static void require(Path program, String aptPackage) {
        if (Files.isExecutable(program)) {
            return;
        }
        missing(program + " is missing: install it with 'apt-get install -y " + aptPackage + "' (.ci/run does)");
    }

    /** The {@code node} on the PATH, failing or skipping like {@link #require}. */
    static Path node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        missing("node is not on the PATH: install Node.js 20+ (Debian: apt-get install -y nodejs npm)");
        return null;
    }

    private static void missing(String message) {
        if (System.getenv("CI") != null) {
            fail(message + "; CI must run this test, so it fails here");
        }
        Assumptions.abort(message + " (skipped because CI is not set; in CI this fails)");
    }

    /** Runs {@code npm ci} in the browser test project when its node_modules is missing. */
    static void installBrowserDependencies() throws IOException, InterruptedException {
        if (Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))
                && Files.isDirectory(BROWSER_DIR.resolve("node_modules/centrifuge"))
                && Files.isDirectory(BROWSER_DIR.resolve("node_modules/uplot"))) {
            return;
        }
        Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), BROWSER_DIR, Map.of(), Duration.ofMinutes(5),
                ARTIFACTS.resolve("npm-ci.log"));
        if (npm.exitCode() != 0) {
            fail("npm ci in " + BROWSER_DIR + " failed with exit code " + npm.exitCode() + ":\n" + npm.output());
        }
    }

    /** What a finished program printed (stdout and stderr together) and its exit code. */
    record Run(int exitCode, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    /**
     * Runs a program to completion with a deadline, its output also copied to {@code log}.
     * A program still running at the deadline is killed and the test fails.
     */
    static Run run(List<String> command, Path dir, Map<String, String> env, Duration timeout, Path log)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            fail(String.join(" ", command) + " did not finish within " + timeout + "; output so far:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The lines of a test script's output that name a check ("PASS ..." / "FAIL ..."). */
    static List<String> checks(Run run) {
        List<String> out = new ArrayList<>();
        for (String line : run.lines()) {
            if (line.startsWith("PASS ") || line.startsWith("FAIL ")) {
                out.add(line);
            }
        }
        return out;
    }
}
