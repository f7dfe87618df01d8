package dev.heliograph.live.bench.storm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Asks the server who is present in a channel the way a user would: a fresh client subscribes
 * to it and sends the protocol's {@code presence} command, again every quarter second until the
 * answer is exactly the expected clients (plus the probe itself) or the bound passes. Used by the
 * scenario thread; the probe leaves with a normal close frame.
 */
final class PresenceProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PresenceProbe() {}

    /**
     * @param exact whether the last answer was exactly the expected clients and the probe
     * @param seen how many clients the last answer listed (the probe included)
     * @param ghosts clients listed that should not be
     * @param missing expected clients not listed
     * @param elapsedNanos until exact, or until giving up
     * @param error why no answer could be had, or null
     */
    record Result(boolean exact, int seen, Set<String> ghosts, Set<String> missing, long elapsedNanos, String error) {
        String describe() {
            if (error != null) {
                return "no answer: " + error;
            }
            String text = (exact ? "exact" : "NOT exact") + " (" + seen + " listed incl. the probe";
            if (!ghosts.isEmpty()) {
                text += ", " + ghosts.size() + " ghosts";
            }
            if (!missing.isEmpty()) {
                text += ", " + missing.size() + " expected missing";
            }
            return text + String.format(java.util.Locale.ROOT, ", after %.1f s)", elapsedNanos / 1e9);
        }
    }

    static Result await(ClientFleet fleet, String wireChannel, Set<String> expected, Duration bound) {
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        LiveClient probe = fleet.open(wireChannel, LiveClient.QUIET);
        try {
            probe.ready().get(Math.max(1, bound.toMillis()), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            probe.socket().abort();
            return new Result(false, 0, Set.of(), expected, System.nanoTime() - start,
                    "the probe could not subscribe: " + e);
        }
        Set<String> want = new HashSet<>(expected);
        want.add(probe.clientId());
        Set<String> seen = Set.of();
        String error = null;
        try {
            while (true) {
                try {
                    String reply = probe.request("presence", "{\"channel\":\"" + wireChannel + "\"}")
                            .get(5, TimeUnit.SECONDS);
                    seen = clients(reply);
                    error = null;
                } catch (Exception e) {
                    error = "presence command failed: " + e;
                }
                if (error == null && seen.equals(want)) {
                    return new Result(true, seen.size(), Set.of(), Set.of(), System.nanoTime() - start, null);
                }
                if (System.nanoTime() > deadline) {
                    Set<String> ghosts = new TreeSet<>(seen);
                    ghosts.removeAll(want);
                    Set<String> missing = new TreeSet<>(want);
                    missing.removeAll(seen);
                    return new Result(false, seen.size(), ghosts, missing, System.nanoTime() - start, error);
                }
                LockSupport.parkNanos(250_000_000L);
            }
        } finally {
            probe.socket().close(1000, "probe done");
            try {
                probe.ended().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                probe.socket().abort();
            }
        }
    }

    /** The client ids of a presence reply, {@code {"id":N,"presence":{"presence":{"<id>":{...},...}}}}. */
    static Set<String> clients(String reply) throws java.io.IOException {
        JsonNode node = JSON.readTree(reply);
        if (node.has("error")) {
            throw new java.io.IOException("presence refused: " + node.get("error"));
        }
        Set<String> ids = new HashSet<>();
        Iterator<String> names = node.path("presence").path("presence").fieldNames();
        names.forEachRemaining(ids::add);
        return ids;
    }
}
