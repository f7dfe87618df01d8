package dev.heliograph.live.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.bench.peer.RawWebSocketLimitServer;
import dev.heliograph.live.bench.peer.StompPeerServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fan-out harness end to end, as the scripts run it: the raw limit server (Centrifuge-shaped
 * pushes) and the Spring STOMP peer (STOMP clients, HTTP publish through its broker) as processes,
 * {@link FanoutRun} as a process with two {@link FanoutClient} processes, 200 subscribers on two
 * channels, 40 publications. Checks behaviour only: every delivery arrives and is counted, the
 * CSV row is written, the server CPU was read.
 */
@DisplayName("The fan-out harness against the raw limit server and the STOMP peer")
class FanoutHarnessIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"raw, /raw, centrifuge", "stomp, /stomp, stomp"})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("counts every delivery of every publication across client processes and writes one CSV row")
    void countsEveryDelivery(String serverName, String path, String protocol, @TempDir Path dir) throws Exception {
        String classPath = System.getProperty("java.class.path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String serverClass = serverName.equals("stomp") ? StompPeerServer.class.getName() : RawWebSocketLimitServer.class.getName();
        Process server = new ProcessBuilder(java, "-cp", classPath, serverClass, "--port",
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        try {
            awaitListening(port);
            Path csv = dir.resolve("runs.csv");
            Process run = new ProcessBuilder(java, "-cp", classPath, FanoutRun.class.getName(),
                    "--server-pid", Long.toString(server.pid()), "--server", serverName, "--jar", classPath,
                    "--url", "ws://127.0.0.1:" + port + path, "--publish-url", "http://127.0.0.1:" + port + "/api/live/publish",
                    "--auth", "none", "--protocol", protocol, "--connections", "200", "--channels", "2", "--clients", "2", "--rate", "20",
                    "--duration", "2", "--warmup", "1", "--drain", "10", "--csv", csv.toString(),
                    "--log-dir", dir.resolve("clients").toString())
                    .redirectErrorStream(true).start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(4, TimeUnit.MINUTES)).isTrue();

            assertThat(output).contains("seated: 200 of 200 subscribed over 2 processes")
                    .contains("delivered 4000 of 4000 expected (0.00% lost)");
            assertThat(run.exitValue()).as(output).isZero();
            List<String> rows = Files.readAllLines(csv);
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).isEqualTo(FanoutRun.CSV_HEADER);
            assertThat(rows.get(1)).contains("," + serverName + ",200,2,20,2,200,40,4000,4000,");
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the server did not listen on " + port);
    }
}
