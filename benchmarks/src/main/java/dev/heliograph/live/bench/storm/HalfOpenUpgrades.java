package dev.heliograph.live.bench.storm;

import dev.heliograph.live.bench.load.LatencyHistogram;
import dev.heliograph.live.bench.load.SourceAddresses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 4, half-open upgrades: {@code connections} TCP connections to the WebSocket port that
 * never finish their upgrade request. Half send nothing at all; the other half send the request
 * one byte a second (never reaching the blank line that ends it). Meanwhile a fresh client
 * connects and subscribes every second: the service must stay available to it and to the canary.
 *
 * <p>The half-open sockets are plain non-blocking channels ticked once a second by the scenario
 * thread; each tick also notes which ones the server closed.
 */
final class HalfOpenUpgrades implements Scenario {
    private final int connections;
    private final Duration duration;

    HalfOpenUpgrades(int connections, Duration duration) {
        this.connections = connections;
        this.duration = duration;
    }

    @Override
    public String name() {
        return "halfopen";
    }

    @Override
    public String title() {
        return String.format(Locale.ROOT, "half-open upgrades: %,d connections that never finish the HTTP upgrade (half"
                + " silent, half sending a byte a second) for %d s, while a new client subscribes every second",
                connections, duration.toSeconds());
    }

    @Override
    public int clients() {
        return connections;
    }

    @Override
    public void run(StormContext context) throws Exception {
        ScenarioResult result = context.result();
        StormOptions options = context.options();
        InetSocketAddress server = context.fleet().target().address();
        byte[] request = WsSocket.upgradeRequest(server, context.fleet().target().webSocketPath(), "dGhlIHNhbXBsZSBub25jZQ==",
                context.fleet().target().authorization()).getBytes(StandardCharsets.US_ASCII);
        // never send the final blank line
        int maxSent = request.length - 2;
        SourceAddresses sources = SourceAddresses.startingAt(options.sourceFrom(), options.perSource());
        List<SocketChannel> sockets = new ArrayList<>();
        int[] sentBytes = new int[connections];
        long[] closedAt = new long[connections];
        long start = System.nanoTime();
        int refused = 0;
        for (int i = 0; i < connections; i++) {
            try {
                SocketChannel socket = SocketChannel.open();
                socket.bind(new InetSocketAddress(sources.addressFor(i), 0));
                socket.connect(server); // blocking connect: loopback, one round trip
                socket.configureBlocking(false);
                sockets.add(socket);
            } catch (IOException e) {
                refused++;
                sockets.add(null);
            }
        }
        result.line(String.format(Locale.ROOT, "%,d half-open connections made in %s (%d refused)", connections - refused,
                StormContext.seconds(System.nanoTime() - start), refused));
        result.figure("clients", String.format(Locale.ROOT, "%,d half-open", connections));

        LatencyHistogram probeTimes = new LatencyHistogram();
        int probes = 0;
        int probesOk = 0;
        List<String> probeFailures = new ArrayList<>();
        ByteBuffer sink = ByteBuffer.allocate(4096);
        start = System.nanoTime(); // the phase starts once every connection is open
        long end = start + duration.toNanos();
        long tick = 0;
        while (System.nanoTime() < end) {
            tick++;
            for (int i = 0; i < sockets.size(); i++) {
                SocketChannel socket = sockets.get(i);
                if (socket == null || closedAt[i] != 0) {
                    continue;
                }
                try {
                    if (i % 2 == 1 && sentBytes[i] < maxSent) {
                        sentBytes[i] += socket.write(ByteBuffer.wrap(request, sentBytes[i], 1));
                    }
                    sink.clear();
                    if (socket.read(sink) < 0) {
                        closedAt[i] = System.nanoTime();
                    }
                } catch (IOException e) {
                    closedAt[i] = System.nanoTime();
                }
            }
            LiveClient probe = context.fleet().open(context.wireChannel(), LiveClient.QUIET);
            probes++;
            try {
                probe.ready().get(5, TimeUnit.SECONDS);
                probesOk++;
                probeTimes.record(probe.readyAfterNanos());
            } catch (Exception e) {
                probeFailures.add(String.valueOf(e.getMessage()));
            }
            probe.socket().close(1000, "probe done");
            try {
                probe.ended().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                probe.socket().abort();
            }
            long next = start + tick * 1_000_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        int closedByServer = 0;
        LatencyHistogram closeTimes = new LatencyHistogram();
        for (int i = 0; i < sockets.size(); i++) {
            if (closedAt[i] != 0) {
                closedByServer++;
                closeTimes.record(closedAt[i] - start);
            }
        }
        result.line(String.format(Locale.ROOT, "probes: %d of %d subscribed within 5 s (%s, max %s)%s; the server"
                + " closed %,d of %,d half-open connections within the %d s phase%s", probesOk, probes,
                ConnectionWave.percentiles(probeTimes), StormContext.millis(probeTimes.max()),
                probeFailures.isEmpty() ? "" : ", failures: " + probeFailures.subList(0, Math.min(3, probeFailures.size())),
                closedByServer, connections - refused, duration.toSeconds(), closedByServer == 0 ? ""
                        : " (median after " + StormContext.seconds(closeTimes.percentile(0.5)) + ")"));
        result.check("a new client could subscribe every second during the half-open storm", probesOk == probes
                && probes > 0, probesOk + " of " + probes + ", slowest " + StormContext.millis(probeTimes.max()));
        result.figure("seat", "probe max " + StormContext.millis(probeTimes.max()));
        for (SocketChannel socket : sockets) {
            if (socket != null) {
                try {
                    socket.setOption(StandardSocketOptions.SO_LINGER, 0);
                    socket.close();
                } catch (IOException e) {
                    // closed by the server already
                }
            }
        }
    }
}
