package dev.heliograph.live.bench.storm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 2, the join/leave crowd (the reported storm A): {@code clients} subscribe to one
 * {@code grafana/broadcast} channel (every join announced to all the others), publications
 * arrive over HTTP at {@code rate} per second for {@code publishFor}, every crowd member counts
 * them, then the whole crowd drops at once without a close frame. The canary shares the channel.
 */
final class JoinLeaveCrowd implements Scenario {
    private static final byte[] MARK = "\"s\":\"crowd\"".getBytes(StandardCharsets.US_ASCII);

    private final int clients;
    private final int rate;
    private final Duration publishFor;
    private final ClientFleet.Drop drop;

    JoinLeaveCrowd(int clients, int rate, Duration publishFor, ClientFleet.Drop drop) {
        if (clients < 1 || rate < 1) {
            throw new IllegalArgumentException("a crowd needs clients and a publish rate, got " + clients + " at " + rate + "/s");
        }
        this.clients = clients;
        this.rate = rate;
        this.publishFor = publishFor;
        this.drop = drop;
    }

    @Override
    public String name() {
        return "crowd-" + clients;
    }

    @Override
    public String title() {
        return String.format(Locale.ROOT, "join/leave crowd: %,d clients on one grafana/broadcast channel (presence,"
                + " join/leave), %d publications/s over HTTP for %d s, then all dropped at once (%s)", clients, rate,
                publishFor.toSeconds(), drop == ClientFleet.Drop.RESET ? "RST" : "FIN");
    }

    @Override
    public int clients() {
        return clients;
    }

    @Override
    public void run(StormContext context) throws Exception {
        ScenarioResult result = context.result();
        StormOptions options = context.options();
        LongAdder delivered = new LongAdder();
        LiveClient.Listener counter = new LiveClient.Listener() {
            @Override
            public void publication(LiveClient client, byte[] data, int offset, int length) {
                if (LiveClient.indexOf(data, offset, offset + length, MARK) >= 0) {
                    delivered.increment();
                }
            }
        };
        ClientFleet.Seating seating = context.fleet().seat(clients, context.wireChannel(), options.connectInFlight(),
                options.readyTimeout(), 0, counter);
        result.line(String.format(Locale.ROOT, "seat: %,d of %,d subscribed in %s (per client %s)%s", seating.ready(),
                clients, StormContext.seconds(seating.elapsedNanos()), ConnectionWave.percentiles(seating.readyTimes()),
                seating.failures().isEmpty() ? "" : "; failed: " + seating.failures()));
        result.check("every crowd client subscribed", seating.ready() == clients, seating.ready() + " of " + clients);
        result.figure("clients", String.format(Locale.ROOT, "%,d", clients));
        result.figure("seat", StormContext.seconds(seating.elapsedNanos()));

        // publish phase: bounded in count and time; a slow server gets fewer publications
        int count = (int) (rate * publishFor.toSeconds());
        List<CompletableFuture<Integer>> answers = new ArrayList<>(count);
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int seq = 0; seq < count; seq++) {
            long wait = start + seq * period - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            answers.add(context.http().publish(context.channelPath(),
                    "{\"s\":\"crowd\",\"seq\":" + seq + ",\"sent_ns\":" + System.nanoTime() + "}"));
        }
        AtomicInteger acknowledged = new AtomicInteger();
        Map<String, Integer> refused = new TreeMap<>();
        for (CompletableFuture<Integer> answer : answers) {
            int code;
            try {
                code = answer.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                code = HttpPublish.FAILED;
            }
            if (code / 100 == 2) {
                acknowledged.incrementAndGet();
            } else {
                refused.merge(code == HttpPublish.NO_SLOT ? "not sent (requests stuck)" : "HTTP " + code, 1, Integer::sum);
            }
        }
        long open = seating.clients().stream().filter(c -> c.ready().isDone() && c.socket().ending() == null).count();
        long expected = acknowledged.get() * open;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (delivered.sum() < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000L);
        }
        long got = delivered.sum();
        result.line(String.format(Locale.ROOT, "publish: %d of %d acknowledged in %s%s; deliveries %,d of %,d expected"
                + " (%d acknowledged x %,d open clients, %.3f%% missing)", acknowledged.get(), count,
                StormContext.seconds(System.nanoTime() - start), refused.isEmpty() ? "" : " (refused: " + refused + ")",
                got, expected, acknowledged.get(), open, expected == 0 ? 0.0 : 100.0 * (expected - got) / expected));
        result.check("every crowd publication was acknowledged", acknowledged.get() == count,
                acknowledged.get() + " of " + count + (refused.isEmpty() ? "" : ", " + refused));
        result.check("every acknowledged publication reached every crowd client", got >= expected && open == clients,
                String.format(Locale.ROOT, "%,d of %,d; %,d of %,d clients still open", got, expected, open, clients));
        Map<String, Integer> closedEarly = new TreeMap<>();
        for (LiveClient client : seating.clients()) {
            WsSocket.Ending ending = client.socket().ending();
            if (ending != null && client.ready().isDone() && !client.ready().isCompletedExceptionally()) {
                closedEarly.merge(ending.describe(), 1, Integer::sum);
            }
        }
        if (!closedEarly.isEmpty()) {
            result.line("crowd clients ended by the server before the drop: " + closedEarly);
        }

        context.fleet().dropAll(seating.clients(), drop);
        context.settle("crowd dropped");
    }
}
