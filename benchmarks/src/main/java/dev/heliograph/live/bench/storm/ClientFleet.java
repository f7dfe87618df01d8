package dev.heliograph.live.bench.storm;

import dev.heliograph.live.bench.load.LatencyHistogram;
import dev.heliograph.live.bench.load.SourceAddresses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The storm's clients: a few {@link ClientLoop}s (one thread each) and the loopback source
 * addresses the crowd connects from ({@link SourceAddresses}: 127.0.0.2, .3, ..., a fixed number
 * per address, and a fresh range for every crowd so sockets of a dropped crowd never collide
 * with the next one). Seats crowds with a bounded number of connections in flight and drops them
 * all at once.
 *
 * <p>Used by one scenario thread; the clients themselves run on the loops. {@link #close()}
 * resets whatever is still open and stops the loops.
 */
final class ClientFleet implements AutoCloseable {
    /** How a crowd leaves. */
    enum Drop {
        /** SO_LINGER 0 and close: RST, no close frame (a process killed, a cable pulled behind NAT). */
        RESET,
        /** close() of the TCP socket: FIN, no WebSocket close frame (a browser tab killed). */
        FIN;

        /** What the server sees: "RST" or "FIN". */
        String tcpName() {
            return this == RESET ? "RST" : "FIN";
        }
    }

    private static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    private final StormTarget target;
    private final List<ClientLoop> loops = new ArrayList<>();
    private final SourceAddresses sources;
    private long crowdConnections;
    private int nextLoop;

    ClientFleet(StormTarget target, int loopCount, String firstSource, int perSource) {
        this.target = target;
        this.sources = SourceAddresses.startingAt(firstSource, perSource);
        for (int i = 0; i < loopCount; i++) {
            loops.add(new ClientLoop("storm-client-" + i));
        }
    }

    StormTarget target() {
        return target;
    }

    /** One client from 127.0.0.1 (canary, probes, witnesses); not counted in any crowd. */
    LiveClient open(String wireChannel, LiveClient.Listener listener) {
        return LiveClient.open(nextLoop(), target, LOCAL, wireChannel, 0, listener);
    }

    /**
     * Opens {@code count} clients subscribed to {@code wireChannel} from the crowd's source
     * addresses, at most {@code inFlight} between "connecting" and "subscribed" at once, each
     * given {@code readyTimeout}; returns when every one is ready or has failed. The whole crowd
     * gets {@code readyTimeout} too: a server that stops answering leaves the rest unattempted
     * (counted as failures) instead of costing a timeout per client.
     *
     * @param receiveBuffer SO_RCVBUF for each socket, 0 for the default
     */
    Seating seat(int count, String wireChannel, int inFlight, Duration readyTimeout, int receiveBuffer,
            LiveClient.Listener listener) throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        List<LiveClient> clients = new ArrayList<>(count);
        long start = System.nanoTime();
        long deadline = start + readyTimeout.toNanos();
        int attempted = 0;
        for (int i = 0; i < count; i++) {
            if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            attempted++;
            InetAddress source = sources.addressFor((int) (crowdConnections++ % Integer.MAX_VALUE));
            LiveClient client = LiveClient.open(nextLoop(), target, source, wireChannel, receiveBuffer, listener);
            clients.add(client);
            client.ready().orTimeout(readyTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
                if (failure != null) {
                    client.socket().abort();
                }
                slots.release();
            });
        }
        if (!slots.tryAcquire(inFlight, readyTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("clients still connecting after their timeout: a client loop is stuck");
        }
        long elapsed = System.nanoTime() - start;
        LatencyHistogram times = new LatencyHistogram();
        Map<String, Integer> failures = new TreeMap<>();
        if (attempted < count) {
            failures.put("not attempted: the crowd took over " + readyTimeout.toSeconds() + " s", count - attempted);
        }
        int ready = 0;
        for (LiveClient client : clients) {
            if (!client.ready().isCompletedExceptionally() && client.ready().isDone()) {
                ready++;
                times.record(client.readyAfterNanos());
            } else {
                failures.merge(failureReason(client), 1, Integer::sum);
            }
        }
        return new Seating(clients, ready, failures, elapsed, times);
    }

    private static String failureReason(LiveClient client) {
        try {
            client.ready().join();
            return "not ready";
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TimeoutException) {
                return "not subscribed in time";
            }
            String text = String.valueOf(cause.getMessage());
            return text.length() > 120 ? text.substring(0, 120) + "..." : text;
        }
    }

    /**
     * Ends every client of {@code clients} in one go: each loop gets one task that drops all of
     * its clients back to back, so the server sees them go within milliseconds.
     */
    void dropAll(List<LiveClient> clients, Drop how) {
        Map<ClientLoop, List<WsSocket>> byLoop = new IdentityHashMap<>();
        for (LiveClient client : clients) {
            byLoop.computeIfAbsent(client.socket().loop(), l -> new ArrayList<>()).add(client.socket());
        }
        byLoop.forEach((loop, sockets) -> loop.execute(() -> {
            for (WsSocket socket : sockets) {
                if (how == Drop.RESET) {
                    socket.abort();
                } else {
                    socket.drop();
                }
            }
        }));
    }

    private ClientLoop nextLoop() {
        ClientLoop loop = loops.get(nextLoop);
        nextLoop = (nextLoop + 1) % loops.size();
        return loop;
    }

    @Override
    public void close() {
        loops.forEach(ClientLoop::close);
    }

    /**
     * What seating a crowd gave.
     *
     * @param clients every client attempted, ready or not
     * @param ready how many subscribed
     * @param failures the others, by reason
     * @param elapsedNanos from the first attempt to the last outcome
     * @param readyTimes each ready client's time from start to subscribed
     */
    record Seating(List<LiveClient> clients, int ready, Map<String, Integer> failures, long elapsedNanos,
            LatencyHistogram readyTimes) {}
}
