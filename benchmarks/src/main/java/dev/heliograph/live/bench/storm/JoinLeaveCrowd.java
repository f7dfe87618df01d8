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
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 2, the join/leave crowd (the reported storm A): {@code clients} subscribe to one
 * {@code grafana/broadcast} channel (every join announced to all the others), publications
 * arrive over HTTP at {@code rate} per second for {@code publishFor}, every crowd member counts
 * them, then the whole crowd drops at once without a close frame. The canary watches from a
 * channel of its own (ten publications a second to 15,000 members would be a load of its own),
 * so it measures what the crowd does to everyone else on the node.
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
                + " join/leave), %d publications/s over HTTP for %d s, then all dropped at once (%s); the canary on"
                + " its own channel", clients, rate,
                publishFor.toSeconds(), drop.tcpName());
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
        String crowdPath = context.channelPath("crowd");
        String crowdWire = context.fleet().target().wireName(crowdPath);
        ClientFleet.Seating seating = context.fleet().seat(clients, crowdWire, options.connectInFlight(),
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
            answers.add(context.http().publish(crowdPath,
                    "{\"s\":\"crowd\",\"seq\":" + seq + ",\"sent_ns\":" + System.nanoTime() + "}"));
        }
        int taken = 0;
        int slow = 0;
        Map<String, Integer> refused = new TreeMap<>();
        for (CompletableFuture<Integer> answer : answers) {
            int code;
            try {
                code = answer.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                code = HttpPublish.FAILED;
            }
            if (Canary.expected(code)) {
                taken++;
                slow += code / 100 == 2 ? 0 : 1;
            } else {
                refused.merge(code == HttpPublish.NO_SLOT ? "not sent (256 requests outstanding)" : "HTTP " + code, 1,
                        Integer::sum);
            }
        }
        long publishNanos = System.nanoTime() - start;
        long open = seating.clients().stream().filter(c -> c.ready().isDone() && c.socket().ending() == null).count();
        long expected = taken * open;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (delivered.sum() < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000L);
        }
        long got = delivered.sum();
        result.line(String.format(Locale.ROOT, "publish: %d of %d taken by the server in %s (%d answered after 5 s"
                + " or never)%s; deliveries %,d of %,d expected (%d x %,d open clients, %.3f%% missing)", taken, count,
                StormContext.seconds(publishNanos), slow, refused.isEmpty() ? "" : ", refused: " + refused, got, expected,
                taken, open, expected == 0 ? 0.0 : 100.0 * Math.max(0, expected - got) / expected));
        result.check("the server refused no crowd publication", refused.isEmpty(),
                taken + " of " + count + " taken" + (refused.isEmpty() ? "" : ", refused: " + refused));
        result.check("every publication the server took reached every crowd client", got >= expected && open == clients,
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
        context.settle("crowd dropped", crowdWire);
    }
}
