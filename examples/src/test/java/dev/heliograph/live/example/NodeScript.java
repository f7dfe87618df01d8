package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node scripts in {@code src/test/js} that drive the real {@code centrifuge} npm client
 * and report with one {@code RESULT {json}} line on stdout. Called by {@link CentrifugeInteropIT},
 * {@link CentrifugeTokensIT}, {@link CentrifugeEmulationIT}, {@link CentrifugeJsProtobufIT} and
 * {@link RecoveryJsIT}, always from the JUnit test thread; output lines and their callback run on
 * that same thread.
 */
final class NodeScript {
    static final Path JS = Path.of("src/test/js");

    /** Gets every line the script prints, with its stdin to answer on (e.g. {@code RESTART}). */
    @FunctionalInterface
    interface OnLine {
        void accept(String line, OutputStream stdin) throws Exception;
    }

    /** What a finished script reported: the parsed RESULT JSON, its raw text and the exit code. */
    record Result(JsonNode json, String line, int exitValue) {
    }

    private NodeScript() {
    }

    /**
     * Installs the pinned packages with {@code npm ci} when node_modules lacks {@code centrifuge} or
     * one of {@code moreModules}; fails when npm is missing or fails (see {@code target/npm-ci.log}).
     */
    static void ensureNodeModules(String... moreModules) throws IOException, InterruptedException {
        boolean present = Files.isDirectory(JS.resolve("node_modules/centrifuge"));
        for (String module : moreModules) {
            present &= Files.isDirectory(JS.resolve("node_modules").resolve(module));
        }
        if (present) {
            return;
        }
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(JS.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(new File("target/npm-ci.log"))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("npm is needed for this test (Node 20+ with npm on the PATH): " + e.getMessage(), e);
        }
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci finishes").isTrue();
        assertThat(npm.exitValue()).as("npm ci succeeded; see target/npm-ci.log").isZero();
    }

    /** {@link #run(String, List, Map, Duration, OnLine)} without extra environment or callback. */
    static Result run(String script, List<String> args, Duration timeout) throws Exception {
        return run(script, args, Map.of(), timeout, null);
    }

    /**
     * Starts {@code node script args...} in {@code src/test/js} with {@code env} added (stderr goes
     * to ours), hands each stdout line to {@code onLine} (may be null), waits up to {@code timeout}
     * for the exit and returns the RESULT line; fails with the collected output when there is none.
     */
    static Result run(String script, List<String> args, Map<String, String> env, Duration timeout, OnLine onLine)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(JS.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        Process node = builder.start();
        String resultLine = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                OutputStream in = node.getOutputStream()) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (onLine != null) {
                    onLine.accept(line, in);
                }
                if (line.startsWith("RESULT ")) {
                    resultLine = line.substring(7);
                }
            }
        }
        assertThat(node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("node exits").isTrue();
        assertThat(resultLine).as("the script's result line; output was %s", output).isNotNull();
        return new Result(new ObjectMapper().readTree(resultLine), resultLine, node.exitValue());
    }

    /** The {@code value} of the step called {@code name} in a RESULT's {@code steps}; fails when absent. */
    static JsonNode step(JsonNode result, String name) {
        for (JsonNode s : result.path("steps")) {
            if (s.path("name").asText().equals(name)) {
                return s.path("value");
            }
        }
        throw new AssertionError("no step '" + name + "' in " + result);
    }
}
