package dev.heliograph.live.bench.storm;

import dev.heliograph.live.redis.testing.RedisProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * What a running {@link Scenario} works with: the server process, the client fleet, the HTTP
 * publisher, the canary and its channel, the run's bounds, and the result it writes into. Also
 * the common "has the storm passed?" wait: the crowd's sockets gone from the server and the
 * channel's presence back to exactly the canary. Used on the scenario thread only.
 */
final class StormContext {
    private final StormOptions options;
    private final ServerProcess server;
    private final ClientFleet fleet;
    private final HttpPublish http;
    private final Canary canary;
    private final String channelPath;
    private final ScenarioResult result;
    private final RedisProcess redis;
    private long outageFrom;
    private long outageTo;
    private long lossFrom;
    private int baselineLeftOver;
    private String presenceFigure = "exact";
    private int worstLeftOver;

    StormContext(StormOptions options, ServerProcess server, ClientFleet fleet, HttpPublish http, Canary canary,
            String channelPath, ScenarioResult result, RedisProcess redis) {
        this.options = options;
        this.server = server;
        this.fleet = fleet;
        this.http = http;
        this.canary = canary;
        this.channelPath = channelPath;
        this.result = result;
        this.redis = redis;
    }

    StormOptions options() {
        return options;
    }

    ServerProcess server() {
        return server;
    }

    ClientFleet fleet() {
        return fleet;
    }

    /** The scenario's publisher (the canary has its own, so a backlog here never delays it). */
    HttpPublish http() {
        return http;
    }

    Canary canary() {
        return canary;
    }

    /** A channel path of this scenario's own beside the canary's: {@code <canary's>-<suffix>}. */
    String channelPath(String suffix) {
        return channelPath + "-" + suffix;
    }

    /** The canary's channel path, {@code grafana/broadcast/storm-<scenario>-<n>}. */
    String channelPath() {
        return channelPath;
    }

    /** The same channel as clients subscribe to it, org prefix included. */
    String wireChannel() {
        return fleet.target().wireName(channelPath);
    }

    ScenarioResult result() {
        return result;
    }

    /** The scenario's redis-server, or null. */
    RedisProcess redis() {
        return redis;
    }

    /**
     * Declares an outage (Redis down) from {@code fromNanos} to {@code toNanos}: the canary may be
     * silent and its publications refused in it, and publications sent from {@code lossFromNanos}
     * (those still in flight when it began) to its end may be lost; all are reported apart.
     * {@link System#nanoTime()} instants.
     */
    void outage(long fromNanos, long toNanos, long lossFromNanos) {
        outageFrom = fromNanos;
        outageTo = toNanos;
        lossFrom = Math.min(lossFromNanos, fromNanos);
    }

    boolean hadOutage() {
        return outageTo != 0;
    }

    long outageFrom() {
        return outageFrom;
    }

    long outageTo() {
        return outageTo;
    }

    long lossFrom() {
        return lossFrom;
    }

    /** How long the storm may take to pass; Redis scenarios wait for a presence refresh too. */
    Duration settleBound() {
        return redis == null ? options.settle() : options.settle().plus(Duration.ofSeconds(30));
    }

    /**
     * Waits until the server holds no crowd socket and the channel's presence is exactly the
     * canary, each within {@link #settleBound()}, and records both as checks.
     *
     * @param label what just happened, e.g. {@code "wave 2 dropped"}
     * @return whether both held
     */
    boolean settle(String label) {
        return settle(label, null);
    }

    /**
     * {@link #settle(String)}, and the presence of {@code crowdWire}, a channel only the crowd
     * used, must be empty (but for the probe asking).
     */
    boolean settle(String label, String crowdWire) {
        long start = System.nanoTime();
        long deadline = start + settleBound().toNanos();
        PeerSockets.Census census = null;
        while (true) {
            try {
                census = PeerSockets.census(server.pid());
            } catch (IOException e) {
                census = null;
            }
            if ((census != null && census.leftOver() <= baselineLeftOver) || System.nanoTime() > deadline
                    || !server.alive()) {
                break;
            }
            LockSupport.parkNanos(100_000_000L);
        }
        long socketsAfter = System.nanoTime() - start;
        boolean socketsOk = census != null && census.leftOver() <= baselineLeftOver;
        result.check(label + ": the server closed every crowd socket", socketsOk, census == null ? "server gone"
                : String.format(Locale.ROOT, "%d still connected to a crowd address, %d of ended connections never"
                        + " closed (baseline %d), after %.1f s", census.crowd(), census.unlisted(), baselineLeftOver,
                        socketsAfter / 1e9));
        Duration left = Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime()));
        PresenceProbe.Result presence = PresenceProbe.await(fleet, wireChannel(), Set.of(canary.client().clientId()),
                left);
        result.check(label + ": presence is exactly the canary", presence.exact(), presence.describe());
        if (!presence.exact()) {
            presenceFigure = presence.error() != null ? "no answer" : (presence.seen() - 1) + " listed, "
                    + presence.ghosts().size() + " ghosts";
        }
        int leftOver = census == null ? -1 : census.leftOver() - baselineLeftOver;
        worstLeftOver = leftOver < 0 || worstLeftOver < 0 ? -1 : Math.max(worstLeftOver, leftOver);
        boolean crowdGone = true;
        if (crowdWire != null) {
            left = Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime()));
            PresenceProbe.Result crowd = PresenceProbe.await(fleet, crowdWire, Set.of(), left);
            result.check(label + ": presence of the crowd's channel is empty", crowd.exact(), crowd.describe());
            crowdGone = crowd.exact();
            if (!crowdGone) {
                presenceFigure = crowd.error() != null ? "no answer (crowd channel)"
                        : crowd.ghosts().size() + " ghosts (crowd channel)";
            }
        }
        // the summary shows the worst settle of the scenario, not the last
        result.figure("presence after", presenceFigure);
        result.figure("sockets left", worstLeftOver < 0 ? "?" : Integer.toString(worstLeftOver));
        return socketsOk && presence.exact() && crowdGone;
    }

    /** Socket descriptors of the server that are neither local nor listening before the storm (usually 0). */
    void baselineLeftOver(int count) {
        baselineLeftOver = count;
    }

    /** Parks the scenario thread for a phase of the storm (load timing, not a wait for a condition). */
    static void hold(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }
}
