package dev.heliograph.live.example.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example application started as its {@code main} would (embedded Tomcat on a free port),
 * with the official {@code centrifuge} JavaScript client against it ({@code boot.mjs} in the
 * examples module's npm project, installed with {@code npm ci} when missing): connect with
 * Spring Security's HTTP Basic, subscribe, HTTP publish, client publish, presence, a refused
 * anonymous upgrade, the {@code live} health indicator, and the 3001 close when the application
 * stops. Runs in {@code examples-boot/boot4} (Boot 4.0, Tomcat 11) and {@code boot3} (Boot 3.5,
 * Tomcat 10.1). Needs {@code node} and {@code npm} on the PATH: without them it fails.
 */
@DisplayName("The Spring Boot example with the official centrifuge JS client")
class BootExampleIT {
    /** The npm project of the examples module, shared by every JS-driven test. */
    private static final Path JS = Path.of("../../examples/src/test/js").toAbsolutePath().normalize();

    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @DisplayName("connects, subscribes, publishes over HTTP and WebSocket, sees presence and health, and gets 3001 on shutdown")
    void centrifugeClientAgainstTheBootApp() throws Exception {
        ensureNodeModules();
        long t0 = System.nanoTime();
        app = SpringApplication.run(LiveBootApplication.class, "--server.port=0");
        long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String port = app.getEnvironment().getProperty("local.server.port");
        assertThat(port).as("the embedded server's port").isNotNull();
        System.out.printf("Spring Boot %s with %s started in %d ms on port %s%n", SpringBootVersion.getVersion(),
                tomcat(), startMillis, port);

        Process node = new ProcessBuilder("node", "boot.mjs", "http://127.0.0.1:" + port)
                .directory(JS.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String> output = new ArrayList<>();
        long stopMillis = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("boot.mjs: " + line);
                output.add(line);
                if (line.equals("STOP")) {
                    long s0 = System.nanoTime();
                    app.close();
                    stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s0);
                    System.out.printf("application context closed in %d ms%n", stopMillis);
                }
            }
        }
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node exits").isTrue();
        List<String> failed = output.stream().filter(l -> l.startsWith("FAIL ")).toList();
        assertThat(failed).as("failed checks; output was %s", output).isEmpty();
        List<String> passed = output.stream().filter(l -> l.startsWith("PASS ")).map(l -> l.split(" ")[1]).toList();
        assertThat(passed).containsExactly("connect", "subscribe", "http", "client", "presence", "unauthenticated",
                "health", "3001");
        assertThat(output).contains("DONE");
        assertThat(node.exitValue()).isZero();
        assertThat(stopMillis).as("the context closed after STOP").isNotNegative();
    }

    private static String tomcat() {
        try {
            Class<?> info = Class.forName("org.apache.catalina.util.ServerInfo");
            return (String) info.getMethod("getServerInfo").invoke(null);
        } catch (ReflectiveOperationException e) {
            return "an unknown container";
        }
    }

    /** Installs the pinned client with {@code npm ci} when node_modules is missing (as CentrifugeInteropIT). */
    private static void ensureNodeModules() throws IOException, InterruptedException {
        if (Files.isDirectory(JS.resolve("node_modules/centrifuge")) && Files.isDirectory(JS.resolve("node_modules/ws"))) {
            return;
        }
        Files.createDirectories(Path.of("target"));
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
}
