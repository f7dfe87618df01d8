package dev.heliograph.live.bench.storm;

import dev.heliograph.live.redis.testing.RedisProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link Scenario} from outside, as a user would: starts its own redis-server when the
 * scenario needs one, starts the demo jar as a process, subscribes the canary and starts its
 * publications, takes the server's baseline, runs the scenario, then checks what every storm
 * must leave behind: no crowd socket, exact presence, the canary complete, bounded threads, a
 * SIGTERM that ends the process in time with 3001 sent to connected clients, and a log free of
 * the errors that mean the server broke.
 *
 * <p>Single use, on the harness's main thread.
 */
final class StormRun {
    private final StormOptions options;
    private final Scenario scenario;

    StormRun(StormOptions options, Scenario scenario) {
        this.options = options;
        this.scenario = scenario;
    }

    ScenarioResult run() throws InterruptedException {
        ScenarioResult result = new ScenarioResult(scenario.name(), scenario.title());
        System.out.println("== " + scenario.title());
        String channelPath = "grafana/broadcast/storm-" + scenario.name() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF));
        RedisProcess redis = null;
        try {
            if (scenario.needsRedis()) {
                redis = RedisProcess.server();
                RedisProcess started = redis;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "storm-redis-reaper"));
                result.line("redis-server on " + redis.hostPort());
            }
            List<String> flags = new ArrayList<>(List.of("--max-connections", "-1"));
            flags.addAll(scenario.serverFlags(redis == null ? null : redis.hostPort()));
            flags.addAll(options.serverFlags());
            Path log = options.workDir().toAbsolutePath().resolve(scenario.name() + "-server.log");
            try (ServerProcess server = ServerProcess.start(options.serverJar(), options.serverJvm(), flags, log)) {
                result.line("server: pid " + server.pid() + ", " + server.commandLine());
                result.line("server log: " + log);
                runAgainst(server, channelPath, result, redis);
            }
        } catch (IOException | RuntimeException e) {
            result.check("the scenario ran to its end", false, e.toString());
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
        System.out.println(result.passed() ? "   => PASSED" : "   => FAILED (" + result.failures().size() + " checks)");
        return result;
    }

    private void runAgainst(ServerProcess server, String channelPath, ScenarioResult result, RedisProcess redis)
            throws InterruptedException {
        StormTarget target = StormTarget.demo(server.port());
        HttpPublish http = new HttpPublish(target, 256);
        try (ClientFleet fleet = new ClientFleet(target, options.loops(), options.sourceFrom(), options.perSource());
                Canary canary = new Canary(fleet, new HttpPublish(target, 64), channelPath, options.canaryRate(),
                        Duration.ofHours(2))) {
            try {
                canary.start(Duration.ofSeconds(30));
            } catch (Exception e) {
                result.check("the canary subscribed", false, e.toString());
                return;
            }
            StormContext.hold(Duration.ofSeconds(2)); // the canary's stream and the HTTP connections settle
            ProcSample baseline = server.sample();
            if (baseline == null) {
                result.check("the server is running before the storm", false, "it is gone; log: " + server.log());
                return;
            }
            result.line(String.format(Locale.ROOT, "baseline: RSS %d MB, %d threads, %d sockets, CPU %.1f s so far",
                    baseline.rssMb(), baseline.threads(), baseline.sockets(), baseline.cpuMillis() / 1e3));
            StormContext context = new StormContext(options, server, fleet, http, canary, channelPath, result, redis);
            try {
                PeerSockets.Census census = PeerSockets.census(server.pid());
                context.baselineLeftOver(census.leftOver());
            } catch (IOException e) {
                result.line("no socket census of the server: " + e);
            }
            ProcSample peak;
            ProcSample after;
            long harnessCpu = harnessCpuMillis();
            try (ServerWatch watch = new ServerWatch(server)) {
                long start = System.nanoTime();
                try {
                    scenario.run(context);
                } catch (Exception e) {
                    result.check("the scenario ran to its end", false, e.toString());
                }
                result.line(String.format(Locale.ROOT, "scenario time: %s; harness CPU %.1f s",
                        StormContext.seconds(System.nanoTime() - start), (harnessCpuMillis() - harnessCpu) / 1e3));
                context.settle("after the storm");
                peak = watch.peak();
                after = server.sample();
            }
            canaryChecks(context, canary.finish(Duration.ofSeconds(5)));
            serverChecks(result, baseline, peak, after);
            shutdown(context, fleet, canary, server);
        }
        logChecks(result, server.log());
    }

    private void canaryChecks(StormContext context, Canary.Report canary) {
        ScenarioResult result = context.result();
        List<Integer> lost = canary.lost();
        int tolerated = 0;
        Canary bird = context.canary();
        if (context.hadOutage()) {
            tolerated = (int) lost.stream().filter(seq -> bird.sentAt(seq) >= context.lossFrom()
                    && bird.sentAt(seq) <= context.outageTo()).count();
        }
        int expected = canary.expected();
        result.line(String.format(Locale.ROOT, "canary: %d of %d expected received (%d published%s%s), lost %d%s,"
                + " max silence %s, latency p50 %s p99 %s max %s%s", expected - lost.size(), expected, canary.published(),
                canary.refused().isEmpty() ? "" : ", refused: " + canary.refused(),
                canary.unanswered() == 0 ? "" : ", " + canary.unanswered() + " answered after 5 s or never", lost.size(),
                lost.isEmpty() ? "" : " [" + canary.lostRanges() + "]" + (tolerated > 0 ? " of which " + tolerated
                        + " in flight or sent during the outage" : ""),
                StormContext.seconds(canary.maxSilenceNanos()), StormContext.millis(canary.p50Nanos()),
                StormContext.millis(canary.p99Nanos()), StormContext.millis(canary.maxNanos()),
                canary.duplicates() == 0 ? "" : ", " + canary.duplicates() + " duplicates")
                + "; its connection " + connectionState(bird.client()));
        result.check("the canary's connection stayed open", bird.client().socket().ending() == null,
                "it " + connectionState(bird.client()));
        result.check("the canary lost no publication the server took", lost.size() - tolerated == 0,
                (lost.size() - tolerated) + " lost" + (tolerated > 0 ? " (+" + tolerated + " in the outage)" : ""));
        String bound = options.silenceBound().toSeconds() + " s";
        if (context.hadOutage()) {
            int refused = bird.refusedOutside(context.outageFrom(), context.outageTo());
            result.check("the server refused no canary publication outside the outage", refused == 0, refused + " refused");
            long silence = Math.max(bird.maxSilence(bird.firstPublishNanos(), context.outageFrom()),
                    bird.maxSilence(context.outageTo(), Long.MAX_VALUE));
            result.check("the canary never went silent longer than " + bound + " outside the outage",
                    silence <= options.silenceBound().toNanos(), "max silence " + StormContext.seconds(silence));
        } else {
            result.check("the server refused no canary publication", canary.refused().isEmpty(),
                    canary.refused().isEmpty() ? "0 of " + canary.published() : canary.refused().toString());
            result.check("the canary never went silent longer than " + bound,
                    canary.maxSilenceNanos() <= options.silenceBound().toNanos(),
                    "max silence " + StormContext.seconds(canary.maxSilenceNanos()));
        }
        result.figure("canary recv/expected", (expected - lost.size()) + "/" + expected);
        result.figure("lost", Integer.toString(lost.size()));
        result.figure("max silence", StormContext.seconds(canary.maxSilenceNanos()));
        result.figure("p99", StormContext.millis(canary.p99Nanos()));
    }

    private static long harnessCpuMillis() {
        try {
            return ProcSample.of(ProcessHandle.current().pid()).cpuMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String connectionState(LiveClient client) {
        WsSocket.Ending ending = client.socket().ending();
        return ending == null ? "is open" : "ENDED: " + ending.describe();
    }

    private void serverChecks(ScenarioResult result, ProcSample baseline, ProcSample peak, ProcSample after) {
        if (after == null) {
            result.check("the server is still running after the storm", false, "it is gone");
            return;
        }
        result.line(String.format(Locale.ROOT, "server: RSS %d -> peak %d -> %d MB; threads %d -> peak %d -> %d;"
                + " sockets %d -> peak %d -> %d; CPU %.1f s during the scenario", baseline.rssMb(), peak.rssMb(),
                after.rssMb(), baseline.threads(), peak.threads(), after.threads(), baseline.sockets(), peak.sockets(),
                after.sockets(), (after.cpuMillis() - baseline.cpuMillis()) / 1e3));
        result.check("server threads stayed within baseline + " + options.threadGrowth(),
                peak.threads() <= baseline.threads() + options.threadGrowth(),
                "baseline " + baseline.threads() + ", peak " + peak.threads() + ", after " + after.threads());
        result.figure("RSS MB", baseline.rssMb() + "/" + peak.rssMb() + "/" + after.rssMb());
        result.figure("threads", baseline.threads() + "/" + peak.threads() + "/" + after.threads());
        result.figure("CPU s", String.format(Locale.ROOT, "%.1f", (after.cpuMillis() - baseline.cpuMillis()) / 1e3));
    }

    /**
     * SIGTERM with the canary and {@code witnesses} fresh clients connected: the process must exit
     * within the bound and every one of them must get close 3001 "shutdown".
     */
    private void shutdown(StormContext context, ClientFleet fleet, Canary canary, ServerProcess server)
            throws InterruptedException {
        ScenarioResult result = context.result();
        List<LiveClient> connected = new ArrayList<>();
        if (canary.client().socket().ending() == null) {
            connected.add(canary.client());
        }
        if (options.witnesses() > 0) {
            ClientFleet.Seating witnesses = fleet.seat(options.witnesses(), context.wireChannel(),
                    options.connectInFlight(), Duration.ofSeconds(30), 0, LiveClient.QUIET);
            witnesses.clients().stream().filter(c -> c.socket().ending() == null).forEach(connected::add);
        }
        ServerProcess.Termination termination = server.terminate(options.shutdownBound());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (LiveClient client : connected) {
            try {
                client.ended().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // counted below as "still open"
            }
        }
        Map<String, Integer> endings = new TreeMap<>();
        int shutdownCodes = 0;
        for (LiveClient client : connected) {
            WsSocket.Ending ending = client.socket().ending();
            endings.merge(ending == null ? "still open" : ending.describe(), 1, Integer::sum);
            if (ending != null && ending.kind() == WsSocket.EndKind.CLOSE_FRAME && ending.code() == 3001) {
                shutdownCodes++;
            }
        }
        String exit = termination.exited()
                ? String.format(Locale.ROOT, "exited in %s (status %d)", StormContext.seconds(termination.nanos()),
                        termination.exitCode())
                : "still running after " + StormContext.seconds(termination.nanos()) + " (thread dump in the log; killed)";
        result.line("SIGTERM: " + exit + "; " + connected.size() + " connected clients saw " + endings);
        result.check("SIGTERM ended the server within " + options.shutdownBound().toSeconds() + " s",
                termination.exited() && termination.nanos() <= options.shutdownBound().toNanos(), exit);
        result.check("every connected client got close 3001 at shutdown", shutdownCodes == connected.size()
                && !connected.isEmpty(), shutdownCodes + " of " + connected.size() + " (" + endings + ")");
        result.figure("SIGTERM exit", termination.exited() ? StormContext.seconds(termination.nanos()) : "> bound");
        result.figure("3001 seen", shutdownCodes + "/" + connected.size());
    }

    private static void logChecks(ScenarioResult result, Path log) {
        Map<String, Integer> mentioned = ServerLog.throwables(log);
        Map<String, Integer> fatal = ServerLog.fatal(mentioned);
        result.line("server log: " + (mentioned.isEmpty() ? "no exception or error mentioned" : "mentions " + mentioned));
        result.check("the server log shows no " + String.join("/", ServerLog.FATAL) + " nor uncaught exception",
                fatal.isEmpty(), fatal.isEmpty() ? "none" : fatal.toString());
        result.figure("log", fatal.isEmpty() ? "clean" : fatal.keySet().toString());
    }
}
