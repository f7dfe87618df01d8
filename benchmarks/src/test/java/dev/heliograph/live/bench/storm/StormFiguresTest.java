package dev.heliograph.live.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The storm's figures")
class StormFiguresTest {

    @Test
    @DisplayName("the canary's longest silence counts from the first publication to the last, gaps between receipts included")
    void maxSilence() {
        assertThat(Canary.maxSilence(new long[] {100, 150, 400, 420}, 0, 500)).isEqualTo(250);
        assertThat(Canary.maxSilence(new long[] {100, 150}, 0, 900)).as("quiet at the end").isEqualTo(750);
        assertThat(Canary.maxSilence(new long[] {}, 0, 900)).as("never heard").isEqualTo(900);
    }

    @Test
    @DisplayName("a canary publication must arrive once the server took it, answered or not; refused or unsent ones need not")
    void expectedPublications() {
        assertThat(Canary.expected(200)).isTrue();
        assertThat(Canary.expected(HttpPublish.FAILED)).as("no answer in 5 s").isTrue();
        assertThat(Canary.expected(503)).isFalse();
        assertThat(Canary.expected(HttpPublish.NO_SLOT)).isFalse();
    }

    @Test
    @DisplayName("lost sequence numbers print as ranges")
    void lostRanges() {
        Canary.Report report = new Canary.Report(20, 20, 14, List.of(3, 4, 5, 9, 12, 13), Map.of(), 0, 0, 0, 0, 0, 0);
        assertThat(report.lostRanges()).isEqualTo("3-5, 9, 12-13");
    }

    @Test
    @DisplayName("/proc status and stat lines give RSS, threads and CPU time, whatever the command name holds")
    void procParsing() {
        assertThat(ProcSample.statusValue(List.of("Name:\tjava", "VmRSS:\t  123456 kB", "Threads:\t41"), "VmRSS:"))
                .isEqualTo(123456);
        assertThat(ProcSample.statusValue(List.of("Threads:\t41"), "Threads:")).isEqualTo(41);
        String stat = "4242 (odd (name) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 41 0 100 0";
        assertThat(ProcSample.cpuMillis(stat)).as("(250 + 50) ticks at 100 Hz").isEqualTo(3000);
    }

    @Test
    @DisplayName("a process sample of this JVM sees its memory, threads and CPU time")
    void samplesThisProcess() throws IOException {
        ProcSample sample = ProcSample.of(ProcessHandle.current().pid());
        assertThat(sample.rssKb()).isPositive();
        assertThat(sample.threads()).isGreaterThan(1);
        assertThat(sample.cpuMillis()).isPositive();
    }

    @Test
    @DisplayName("/proc/net/tcp addresses decode to IPv4, the tcp6 IPv4-mapped form too")
    void decodesAddresses() {
        assertThat(PeerSockets.ipv4("0100007F:1F90")).isEqualTo(0x7F000001);
        assertThat(PeerSockets.ipv4("0000000000000000FFFF00000200007F:A1B2")).isEqualTo(0x7F000002);
        PeerSockets.Row row = PeerSockets.Row.parse(
                "   7: 0100007F:1F90 0300007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 98765 1");
        assertThat(row).isEqualTo(new PeerSockets.Row(0x7F000003, "01", 98765));
    }

    @Test
    @DisplayName("the socket census counts a connection from 127.0.0.2 as crowd, and one from 127.0.0.1 as local")
    void censusSortsPeers() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                Socket crowd = new Socket();
                Socket local = new Socket()) {
            PeerSockets.Census before = PeerSockets.census(ProcessHandle.current().pid());
            crowd.bind(new InetSocketAddress("127.0.0.2", 0));
            crowd.connect(listener.getLocalSocketAddress());
            local.connect(listener.getLocalSocketAddress());
            try (Socket a = listener.accept(); Socket b = listener.accept()) {
                PeerSockets.Census after = PeerSockets.census(ProcessHandle.current().pid());
                // the accepted end of the crowd connection has peer 127.0.0.2; its client end has peer 127.0.0.1
                assertThat(after.crowd() - before.crowd()).isEqualTo(1);
                assertThat(after.local() - before.local()).isEqualTo(3);
            }
        }
    }

    @Test
    @DisplayName("the log scan counts every throwable named and singles out those that mean the server broke")
    void scansTheLog() {
        String log = """
                [qtp-1] WARN x - Failure from onClosed
                java.lang.StackOverflowError
                \tat java.base/java.lang.Module.isExported(Module.java:530)
                [qtp-2] DEBUG y - send failed: org.eclipse.jetty.io.EofException: reset
                Exception in thread "timer" java.lang.NullPointerException: boom
                """;
        Map<String, Integer> mentioned = ServerLog.throwables(log);
        assertThat(mentioned).containsEntry("StackOverflowError", 1).containsEntry("EofException", 1)
                .containsEntry("NullPointerException", 1).containsEntry("Exception in thread", 1);
        assertThat(ServerLog.fatal(mentioned)).containsOnlyKeys("StackOverflowError", "NullPointerException",
                "Exception in thread");
    }

    @Test
    @DisplayName("the command line picks a profile's scenarios, filters them, and names what it does not know")
    void parsesTheCommandLine() {
        StormTool.Plan plan = StormTool.parse("--profile", "full", "--only", "crowd,redis", "--clients", "300");
        assertThat(plan.scenarios()).extracting(Scenario::name).containsExactly("crowd-300", "redis");
        assertThat(plan.options().serverJvm()).contains("-Xmx1g");
        assertThat(StormTool.parse("--profile", "long").options().serverJvm()).contains("-Xmx2g");
        assertThat(StormTool.parse("--help")).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StormTool.parse("--bogus", "1"))
                .hasMessageContaining("--bogus");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StormTool.parse("--only", "slow"))
                .hasMessageContaining("no scenario 'slow' in profile short");
        assertThat(Set.copyOf(StormTool.profile("short", null, null, ClientFleet.Drop.RESET).stream()
                .map(Scenario::clients).toList())).containsExactly(2_000);
    }
}
