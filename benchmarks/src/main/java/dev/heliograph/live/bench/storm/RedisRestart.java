package dev.heliograph.live.bench.storm;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 6, Redis killed and restarted mid-load: the demo runs with {@code ha_engine = redis}
 * on the harness's own redis-server; {@code clients} subscribe to the canary's channel, Redis is
 * killed (SIGKILL) and started again on the same port after {@code outage}, then the crowd drops
 * at once. Canary publications sent while Redis was down may be refused or lost, and so may
 * those Redis had taken but not yet passed to the node when it died (they are reported apart);
 * after the restart the canary must hear again, and presence must come back
 * to exactly the canary (Redis lost it: sessions re-add theirs on their next ping tick).
 */
final class RedisRestart implements Scenario {
    private final int clients;
    private final Duration outage;

    RedisRestart(int clients, Duration outage) {
        this.clients = clients;
        this.outage = outage;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String title() {
        return String.format(Locale.ROOT, "Redis engine: %,d clients on the canary's channel, redis-server killed and"
                + " restarted after %d s, then the crowd dropped at once (RST)", clients, outage.toSeconds());
    }

    @Override
    public int clients() {
        return clients;
    }

    @Override
    public boolean needsRedis() {
        return true;
    }

    @Override
    public List<String> serverFlags(String redisAddress) {
        return List.of("--ha-engine", "redis", "--ha-engine-address", redisAddress, "--ha-prefix",
                "storm" + Long.toHexString(System.nanoTime()));
    }

    @Override
    public void run(StormContext context) throws Exception {
        ScenarioResult result = context.result();
        StormOptions options = context.options();
        ClientFleet.Seating seating = context.fleet().seat(clients, context.wireChannel(), options.connectInFlight(),
                options.readyTimeout(), 0, LiveClient.QUIET);
        result.line(String.format(Locale.ROOT, "seat: %,d of %,d subscribed in %s%s", seating.ready(), clients,
                StormContext.seconds(seating.elapsedNanos()), seating.failures().isEmpty() ? "" : "; failed: "
                        + seating.failures()));
        result.check("every crowd client subscribed", seating.ready() == clients, seating.ready() + " of " + clients);
        result.figure("clients", String.format(Locale.ROOT, "%,d", clients));
        result.figure("seat", StormContext.seconds(seating.elapsedNanos()));
        // the kill should find a pipeline that keeps up: wait until the canary hears what was sent after the seating
        long seated = System.nanoTime();
        long catchUpDeadline = seated + Duration.ofSeconds(60).toNanos();
        while (!context.canary().heardSince(seated) && System.nanoTime() < catchUpDeadline) {
            LockSupport.parkNanos(50_000_000L);
        }
        boolean caughtUp = context.canary().heardSince(seated);
        long lag = System.nanoTime() - seated;
        result.line("the canary heard a publication sent after the seating " + (caughtUp ? StormContext.seconds(lag)
                + " later" : "NOT within 60 s"));
        result.check(String.format(Locale.ROOT, "the canary kept up with %,d clients on its channel (heard what was sent"
                + " after the seating within %d s)", clients, options.silenceBound().toSeconds()), caughtUp && lag <= options.silenceBound().toNanos(), caughtUp ? "after " + StormContext.seconds(lag)
                : "not within 60 s");
        StormContext.hold(Duration.ofSeconds(2));

        // what Redis has taken but the node has not read yet dies with it
        long inFlightFrom = context.canary().inFlightFrom();
        long killed = System.nanoTime();
        context.redis().stop();
        StormContext.hold(outage);
        context.redis().restart();
        long restarted = System.nanoTime();
        long deadline = restarted + Duration.ofSeconds(60).toNanos();
        while (!context.canary().heardSince(restarted) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000L);
        }
        boolean recovered = context.canary().heardSince(restarted);
        long recovery = System.nanoTime() - restarted;
        context.outage(killed, restarted + recovery, inFlightFrom);
        result.line("Redis down for " + StormContext.seconds(restarted - killed) + "; the canary heard a publication sent"
                + " after the restart " + (recovered ? StormContext.seconds(recovery) + " later" : "NOT within 60 s"));
        result.check("the canary hears again after Redis restarts", recovered,
                recovered ? "after " + StormContext.seconds(recovery) : "silent for 60 s");
        result.line("the canary subscribed again " + context.canary().client().resubscribes()
                + " time(s) after an unsubscribe with code 2500-2999 (a history channel whose Redis restarted empty"
                + " changes epoch: its positioned subscribers are told insufficient state)");
        context.fleet().dropAll(seating.clients(), ClientFleet.Drop.RESET);
        context.settle("crowd dropped after the Redis restart");
    }
}
