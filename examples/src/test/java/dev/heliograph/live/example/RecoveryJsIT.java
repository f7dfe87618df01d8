package dev.heliograph.live.example;

import static dev.heliograph.live.example.NodeScript.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.HistoryQuery;
import dev.heliograph.live.redis.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official {@code centrifuge} JavaScript client (Node 20 + {@code ws}) on a recoverable
 * {@code grafana/broadcast} channel (the demo keeps 100 messages for 5 minutes) whose connection
 * is cut without a close ({@code src/test/js/recovery.mjs}: a TCP proxy destroys both sockets and
 * refuses connections while 20 messages are published). On one in-memory node, across two nodes
 * on a real redis-server, and after that Redis restarted empty.
 *
 * <p>The Redis cases need the Redis engine's history: while {@code RedisHub.history} answers
 * {@link UnsupportedOperationException} they are skipped by an assumption (and only then).
 * Needs {@code node} and {@code npm} on the PATH (fails without them).
 */
@DisplayName("The official centrifuge JS client recovers what it missed while its connection was cut")
class RecoveryJsIT {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static final int AWAY = 20;

    private DemoServer single;
    private TwoNodes nodes;

    @AfterEach
    void stop() throws Exception {
        if (single != null) {
            single.close();
        }
        if (nodes != null) {
            nodes.close();
        }
        redis.ensureRunning();
    }

    @Test
    @DisplayName("one node: recovered true, exactly the 20 missed in order, then live ones, no duplicate; history works")
    void sameNode() throws Exception {
        single = DemoServer.start("--port", "0");
        String base = "http://127.0.0.1:" + single.port();

        JsonNode result = run("same", base, base, null);

        assertRecovered(result);
    }

    @Test
    @DisplayName("one node, Protobuf build of the client (centrifuge-protobuf): recovered the same way, offsets and history in Protobuf")
    void sameNodeProtobuf() throws Exception {
        single = DemoServer.start("--port", "0");
        String base = "http://127.0.0.1:" + single.port();

        JsonNode result = run("same", base, base, null, "protobuf");

        assertThat(result.path("protocol").asText()).isEqualTo("protobuf");
        assertRecovered(result);
    }

    @Test
    @DisplayName("two nodes on Redis: the client comes back to the other node and is recovered from the Redis history")
    void otherNode() throws Exception {
        nodes = TwoNodes.start(redis.address(), RedisServerExtension.uniquePrefix("recovery"));
        nodes.awaitConnected(Duration.ofSeconds(10));
        assumeRedisHistory();

        JsonNode result = run("other", base(nodes.a), base(nodes.b), null);

        assertRecovered(result);
    }

    @Test
    @DisplayName("after a Redis restart the history is gone: recovered false, was recovering, nothing stale delivered")
    void redisRestarted() throws Exception {
        nodes = TwoNodes.start(redis.address(), RedisServerExtension.uniquePrefix("recovery-lost"));
        nodes.awaitConnected(Duration.ofSeconds(10));
        assumeRedisHistory();

        JsonNode result = run("lost", base(nodes.a), base(nodes.b), () -> {
            redis.restart();
            nodes.awaitConnected(Duration.ofSeconds(20));
        });

        JsonNode subscribed = step(result, "subscribe");
        assertThat(subscribed.path("recoverable").asBoolean()).isTrue();
        JsonNode back = step(result, "come back");
        assertThat(back.path("wasRecovering").asBoolean()).as("told it was recovering: %s", back).isTrue();
        assertThat(back.path("recovered").asBoolean()).as("told it was not recovered: %s", back).isFalse();
        // what it had, then only the live ones: recovered false brings no publication
        List<Integer> expected = new ArrayList<>(List.of(1, 2, 3));
        IntStream.range(4 + AWAY, 4 + AWAY + 5).forEach(expected::add);
        assertThat(ns(result.path("log").path("pubs"))).isEqualTo(expected);
    }

    private static void assertRecovered(JsonNode result) {
        JsonNode first = step(result, "subscribe");
        assertThat(first.path("recoverable").asBoolean()).as("first subscribe %s", first).isTrue();
        assertThat(first.path("positioned").asBoolean()).isTrue();
        assertThat(first.path("wasRecovering").asBoolean()).isFalse();

        JsonNode back = step(result, "come back");
        assertThat(back.path("wasRecovering").asBoolean()).as("resubscribe %s", back).isTrue();
        assertThat(back.path("recovered").asBoolean()).as("resubscribe %s", back).isTrue();

        JsonNode pubs = result.path("log").path("pubs");
        List<Integer> all = IntStream.range(1, 4 + AWAY + 5).boxed().toList();
        assertThat(ns(pubs)).as("every publication once, in order").isEqualTo(all);
        List<Long> offsets = new ArrayList<>();
        pubs.forEach(p -> offsets.add(p.path("offset").asLong()));
        assertThat(offsets).as("offsets").isEqualTo(LongRange.of(1, all.size()));
        assertThat(step(result, "live after recovery")).hasSize(5);

        JsonNode history = step(result, "history");
        assertThat(ns(history.path("ns"))).isEqualTo(List.of(28, 27, 26, 25, 24));
        assertThat(history.path("offset").asLong()).isEqualTo(all.size());
        assertThat(history.path("epoch").asText()).isNotEmpty();
    }

    private static List<Integer> ns(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(p -> out.add(p.isObject() ? p.path("n").asInt() : p.asInt()));
        return out;
    }

    private static final class LongRange {
        static List<Long> of(long from, long to) {
            List<Long> out = new ArrayList<>();
            for (long i = from; i <= to; i++) {
                out.add(i);
            }
            return out;
        }
    }

    /** Skips (only) while the Redis engine answers history with UnsupportedOperationException. */
    private void assumeRedisHistory() throws Exception {
        try {
            TwoNodes.hub(nodes.a).history(OrgChannel.of(1, "grafana/broadcast/history-probe"), HistoryQuery.TOP)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assumeFalse(e.getCause() instanceof UnsupportedOperationException,
                    "RedisHub keeps no history yet: " + e.getCause().getMessage());
            throw e;
        }
    }

    private static String base(DemoServer node) {
        return "http://127.0.0.1:" + node.port();
    }

    /** Runs recovery.mjs; {@code restartRedis} runs when the script asks for it, then the script goes on. */
    private static JsonNode run(String mode, String baseA, String baseB, ThrowingRunnable restartRedis) throws Exception {
        return run(mode, baseA, baseB, restartRedis, "json");
    }

    /** Runs recovery.mjs with the client's JSON or Protobuf build ({@code protocol}). */
    private static JsonNode run(String mode, String baseA, String baseB, ThrowingRunnable restartRedis, String protocol)
            throws Exception {
        NodeScript.ensureNodeModules();
        NodeScript.Result run = NodeScript.run("recovery.mjs", List.of(mode, baseA, baseB),
                Map.of("RECOVERY_PROTOCOL", protocol), Duration.ofSeconds(30), (line, stdin) -> {
                    if (line.equals("RESTART_REDIS")) {
                        assertThat(restartRedis).as("the script asked for a Redis restart").isNotNull();
                        restartRedis.run();
                        stdin.write("GO\n".getBytes(StandardCharsets.UTF_8));
                        stdin.flush();
                    }
                });
        String resultLine = run.line();
        JsonNode result = run.json();
        assertThat(result.has("timedOut")).as("script timed out: %s", resultLine).isFalse();
        for (JsonNode step : result.path("steps")) {
            assertThat(step.path("ok").asBoolean()).as("step '%s': %s", step.path("name").asText(), resultLine).isTrue();
        }
        assertThat(run.exitValue()).as(resultLine).isZero();
        assertThat(result.path("log").path("errors")).as("subscription errors: %s", resultLine).isEmpty();
        return result;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
