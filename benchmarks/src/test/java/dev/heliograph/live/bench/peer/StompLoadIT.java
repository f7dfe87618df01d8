package dev.heliograph.live.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.bench.load.LoadToolRunner;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The load tool against the real Spring STOMP peer")
class StompLoadIT {
    private static Server server;
    private static String url;

    @BeforeAll
    static void startPeer() throws Exception {
        server = StompPeerServer.start(0);
        url = "ws://127.0.0.1:" + PeerServer.localPort(server) + "/stomp";
    }

    @AfterAll
    static void stopPeer() throws Exception {
        server.stop();
    }

    @Test
    @DisplayName("every publication reaches every subscriber, spread over two source addresses, each with a latency")
    void deliversEverything() throws Exception {
        LoadToolRunner.Result result = LoadToolRunner.run("--url", url, "--protocol", "stomp", "--publish-via", "ws",
                "--no-auth", "--connections", "40", "--per-source", "25", "--channels", "2", "--rate", "20",
                "--duration", "2", "--drain", "20");

        assertThat(result.failures()).isEmpty();
        assertThat(result.ready()).isEqualTo(40);
        assertThat(result.deliveries()).isEqualTo(40 * 20);
        assertThat(result.latencies()).isEqualTo(40 * 20);
    }

    @Test
    @DisplayName("idle mode subscribes every connection and holds them without failures")
    void holdsIdleConnections() throws Exception {
        LoadToolRunner.Result result = LoadToolRunner.run("--url", url, "--protocol", "stomp", "--publish-via", "ws",
                "--no-auth", "--idle", "--hold", "1", "--connections", "30");

        assertThat(result.failures()).isEmpty();
        assertThat(result.ready()).isEqualTo(30);
    }

    @Test
    @DisplayName("a server that is not there makes the run fail with the reason, not hang")
    void reportsAnAbsentServer() throws Exception {
        LoadToolRunner.Result result = LoadToolRunner.run("--url", "ws://127.0.0.1:1/stomp", "--protocol", "stomp",
                "--publish-via", "ws", "--no-auth", "--connections", "3", "--duration", "1");

        assertThat(result.ready()).isZero();
        assertThat(result.failures()).anySatisfy(reason -> assertThat(reason).contains("ConnectException"));
    }
}
