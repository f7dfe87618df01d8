package dev.heliograph.live.bench.storm;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 3, slow readers: {@code clients} subscribe to the canary's channel with a small
 * receive buffer, then stop reading while large publications (about {@code payloadBytes} each)
 * flow into the channel. The server must close each with 3008 "slow" and keep serving the canary.
 *
 * <p>A client that does not read cannot see a close frame. So each slow reader reads again the
 * moment the canary sees its leave (the server announces the leave when it gives up on it), and
 * every remaining one when the filler phase ends; then its pending bytes and the close frame
 * arrive. Filler publications stop once every slow reader has left, or after {@code maxFiller}.
 */
final class SlowReaders implements Scenario {
    private static final int RECEIVE_BUFFER = 4096;

    private final int clients;
    private final int payloadBytes;
    private final int rate;
    private final Duration maxFiller;

    SlowReaders(int clients, int payloadBytes, int rate, Duration maxFiller) {
        this.clients = clients;
        this.payloadBytes = payloadBytes;
        this.rate = rate;
        this.maxFiller = maxFiller;
    }

    @Override
    public String name() {
        return "slow";
    }

    @Override
    public String title() {
        return String.format(Locale.ROOT, "slow readers: %d clients on the canary's channel stop reading while %d"
                + " publications/s of %,d bytes flow for up to %d s; each must be closed with 3008", clients, rate,
                payloadBytes, maxFiller.toSeconds());
    }

    @Override
    public int clients() {
        return clients;
    }

    @Override
    public void run(StormContext context) throws Exception {
        ScenarioResult result = context.result();
        StormOptions options = context.options();
        ClientFleet.Seating seating = context.fleet().seat(clients, context.wireChannel(), options.connectInFlight(),
                options.readyTimeout(), RECEIVE_BUFFER, LiveClient.QUIET);
        result.check("every slow reader subscribed", seating.ready() == clients, seating.ready() + " of " + clients);
        result.figure("clients", Integer.toString(clients));
        result.figure("seat", StormContext.seconds(seating.elapsedNanos()));
        Map<String, LiveClient> slow = new ConcurrentHashMap<>();
        for (LiveClient client : seating.clients()) {
            if (client.clientId() != null && client.socket().ending() == null) {
                slow.put(client.clientId(), client);
            }
        }
        Set<String> left = ConcurrentHashMap.newKeySet();
        context.canary().onLeave(id -> {
            LiveClient client = slow.get(id);
            if (client != null && left.add(id)) {
                client.socket().resumeReading();
            }
        });
        slow.values().forEach(c -> c.socket().pauseReading());

        String filler = "{\"s\":\"filler\",\"pad\":\"" + "x".repeat(Math.max(0, payloadBytes - 30)) + "\"}";
        long start = System.nanoTime();
        long end = start + maxFiller.toNanos();
        long period = 1_000_000_000L / rate;
        int sent = 0;
        while (left.size() < slow.size() && System.nanoTime() < end) {
            long wait = start + sent * period - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            context.http().publish(context.channelPath(), filler);
            sent++;
        }
        long fillerNanos = System.nanoTime() - start;
        slow.values().forEach(c -> c.socket().resumeReading());
        for (LiveClient client : slow.values()) {
            try {
                client.ended().get(Math.max(1, end + TimeUnit.SECONDS.toNanos(10) - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // still open: counted below
            }
        }
        Map<String, Integer> endings = new TreeMap<>();
        int slowCodes = 0;
        for (LiveClient client : slow.values()) {
            WsSocket.Ending ending = client.socket().ending();
            endings.merge(ending == null ? "still open" : ending.describe(), 1, Integer::sum);
            if (ending != null && ending.kind() == WsSocket.EndKind.CLOSE_FRAME && ending.code() == 3008) {
                slowCodes++;
            }
        }
        result.line(String.format(Locale.ROOT, "filler: %d publications of %,d bytes in %s; the canary saw %d of %d slow"
                + " readers leave; endings: %s", sent, filler.length(), StormContext.seconds(fillerNanos), left.size(),
                slow.size(), endings));
        result.check("every slow reader was closed with 3008", slowCodes == slow.size() && !slow.isEmpty(),
                slowCodes + " of " + slow.size() + " (" + endings + ")");
        slow.values().forEach(c -> c.socket().abort());
    }
}
