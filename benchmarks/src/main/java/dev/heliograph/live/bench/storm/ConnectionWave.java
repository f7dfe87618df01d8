package dev.heliograph.live.bench.storm;

import dev.heliograph.live.bench.load.LatencyHistogram;
import java.time.Duration;
import java.util.Locale;

/**
 * Scenario 1, connection waves: {@code clients} connections subscribe to the canary's channel
 * (a {@code grafana/broadcast} channel: presence and join/leave on), hold a second, then all
 * drop at once without a close frame; repeated {@code waves} times. After each drop the server
 * must close every crowd socket and forget every crowd member's presence.
 */
final class ConnectionWave implements Scenario {
    private final int clients;
    private final int waves;
    private final ClientFleet.Drop drop;

    ConnectionWave(int clients, int waves, ClientFleet.Drop drop) {
        if (clients < 1 || waves < 1) {
            throw new IllegalArgumentException("a wave needs at least one client and one repetition, got " + clients
                    + " x " + waves);
        }
        this.clients = clients;
        this.waves = waves;
        this.drop = drop;
    }

    @Override
    public String name() {
        return "wave";
    }

    @Override
    public String title() {
        return String.format(Locale.ROOT, "connection wave: %,d clients on the canary's channel, %d waves, each dropped"
                + " at once (%s, no close frame)", clients, waves, drop.tcpName());
    }

    @Override
    public int clients() {
        return clients;
    }

    @Override
    public void run(StormContext context) throws Exception {
        ScenarioResult result = context.result();
        StormOptions options = context.options();
        StringBuilder seatTimes = new StringBuilder();
        for (int wave = 1; wave <= waves; wave++) {
            ClientFleet.Seating seating = context.fleet().seat(clients, context.wireChannel(), options.connectInFlight(),
                    options.readyTimeout(), 0, LiveClient.QUIET);
            result.line(String.format(Locale.ROOT, "wave %d: %,d of %,d subscribed in %s (per client %s)%s", wave,
                    seating.ready(), clients, StormContext.seconds(seating.elapsedNanos()),
                    percentiles(seating.readyTimes()), seating.failures().isEmpty() ? "" : "; failed: " + seating.failures()));
            result.check("wave " + wave + ": every client subscribed", seating.ready() == clients,
                    seating.ready() + " of " + clients);
            seatTimes.append(seatTimes.length() == 0 ? "" : " / ").append(StormContext.seconds(seating.elapsedNanos()));
            if (seating.ready() < clients / 2 && wave < waves) {
                result.line("waves " + (wave + 1) + " to " + waves + " skipped: the server seated fewer than half");
                result.check("the server still seats crowds", false, "wave " + wave + " seated " + seating.ready()
                        + " of " + clients);
                context.fleet().dropAll(seating.clients(), drop);
                context.settle("wave " + wave + " dropped");
                break;
            }
            StormContext.hold(Duration.ofSeconds(1));
            context.fleet().dropAll(seating.clients(), drop);
            context.settle("wave " + wave + " dropped");
        }
        result.figure("clients", String.format(Locale.ROOT, "%,d x %d", clients, waves));
        result.figure("seat", seatTimes.toString());
    }

    static String percentiles(LatencyHistogram times) {
        return "p50 " + StormContext.millis(times.percentile(0.5)) + ", p99 " + StormContext.millis(times.percentile(0.99));
    }
}
