package dev.heliograph.live.bench.fanout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The fan-out cost harness: spreads N subscribers over several {@link FanoutClient} processes
 * (distinct 127.0.0.x source addresses), then either
 *
 * <ul>
 *   <li><b>publishes</b> over HTTP at a fixed rate, every publication stamped with its
 *       <em>scheduled</em> send time (a stalled publisher or server shows as latency instead of
 *       hiding it: no coordinated omission), and reports server CPU per delivery (utime + stime
 *       of the server process over the publish phase, first publication to last delivery,
 *       divided by deliveries received), write calls and frames per delivery, delivery latency,
 *       publish-to-last-receipt per publication and the HTTP response time (from the scheduled
 *       time); or
 *   <li>with {@code --idle}, holds the crowd and reports the connect rate, RSS and live heap per
 *       connection and the server's CPU while idle (pings).
 * </ul>
 *
 * The clients speak Centrifuge JSON, or STOMP 1.2 with {@code --protocol stomp} (the Spring peer,
 * whose publish endpoint takes the same HTTP body). One CSV row per run is appended to
 * {@code --csv}. Run by {@code benchmarks/scripts/fanout-*.sh}; single-use: {@link #main} runs on the main thread, HTTP responses arrive on the client's threads.
 */
public final class FanoutRun {
    static final String CSV_HEADER = "date,server,connections,channels,rate,duration_s,subscribed,published,expected,delivered,"
            + "cpu_ms,cpu_us_per_delivery,writes_per_delivery,frames_per_delivery,lat_p50_ms,lat_p99_ms,lat_max_ms,"
            + "last_p50_ms,last_p99_ms,last_max_ms,http_p50_ms,http_p99_ms,http_max_ms,load_avg";
    static final String IDLE_CSV_HEADER = "date,server,connections,subscribed,connect_s,connects_per_s,rss_kb_per_conn,"
            + "live_heap_kb_per_conn,idle_cpu_pct_of_core,hold_s,pings,jvm_flags,load_avg,rss_settled_kb_per_conn";

    private final Map<String, String> args;
    private final long serverPid;
    private final String server;
    private final int connections;
    private final int channels;
    private final String channel;
    private final List<ClientProcess> clients = new ArrayList<>();

    private FanoutRun(Map<String, String> args) {
        this.args = args;
        this.serverPid = Long.parseLong(FanoutArgs.required(args, "server-pid"));
        this.server = args.getOrDefault("server", "unknown");
        this.connections = FanoutArgs.intArg(args, "connections", 1000);
        this.channels = FanoutArgs.intArg(args, "channels", 1);
        this.channel = args.getOrDefault("channel", "grafana/broadcast/load");
        FanoutArgs.stomp(args); // refuses an unknown --protocol before any client starts
    }

    public static void main(String[] argv) throws Exception {
        FanoutRun run = new FanoutRun(FanoutArgs.parse(argv));
        int status;
        try {
            status = run.run();
        } finally {
            run.stopClients();
        }
        System.exit(status);
    }

    private int run() throws Exception {
        boolean idle = args.containsKey("idle");
        Baseline baseline = idle ? Baseline.of(serverPid) : null;
        int seated = startClients();
        if (seated == 0) {
            System.out.println("no connection subscribed; see the client logs in " + logDir());
            return 1;
        }
        return idle ? idle(baseline, seated) : publish(seated);
    }

    /** Starts the client processes and waits for their READY; returns the subscribed total. */
    private int startClients() throws Exception {
        int processes = Math.max(1, Math.min(FanoutArgs.intArg(args, "clients", 2), connections));
        String jar = args.getOrDefault("jar", Path.of(FanoutRun.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        Path logs = logDir();
        Files.createDirectories(logs);
        int share = (connections + processes - 1) / processes;
        for (int p = 0, first = 0; p < processes && first < connections; p++, first += share) {
            int count = Math.min(share, connections - first);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + args.getOrDefault("client-heap", "256m"), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=4",
                    "-cp", jar, FanoutClient.class.getName(),
                    "--url", FanoutArgs.required(args, "url"), "--connections", Integer.toString(count),
                    "--first-index", Integer.toString(first), "--channels", Integer.toString(channels),
                    "--subscribe-channel", args.getOrDefault("org", "1") + "/" + channel,
                    "--auth", args.getOrDefault("auth", "admin:admin"),
                    "--protocol", args.getOrDefault("protocol", "centrifuge"),
                    "--first-source", args.getOrDefault("first-source", "127.0.0.2"),
                    "--per-source", args.getOrDefault("per-source", "5000"),
                    "--concurrency", args.getOrDefault("concurrency", "256")));
            clients.add(new ClientProcess(command, logs.resolve("client-" + p + ".log")));
        }
        int subscribed = 0;
        long connectMillis = 0;
        for (ClientProcess client : clients) {
            String line;
            do {
                line = client.nextLine(900);
            } while (line != null && !line.startsWith("READY") && !line.equals("EXITED"));
            if (line == null || !line.startsWith("READY")) {
                System.out.println("a client process did not get ready: " + line);
                continue;
            }
            Map<String, String> ready = fields(line);
            subscribed += Integer.parseInt(ready.get("subscribed"));
            connectMillis = Math.max(connectMillis, Long.parseLong(ready.get("connect_ms")));
            if (!"0".equals(ready.get("failed"))) {
                System.out.println("client " + client.pid() + ": " + line);
            }
        }
        this.connectMillis = connectMillis;
        System.out.printf(Locale.ROOT, "seated: %d of %d subscribed over %d processes in %.2f s (%.0f/s)%n", subscribed,
                connections, clients.size(), connectMillis / 1000.0, subscribed / Math.max(0.001, connectMillis / 1000.0));
        return subscribed;
    }

    private long connectMillis;

    private int publish(int subscribed) throws Exception {
        int rate = FanoutArgs.intArg(args, "rate", 20);
        int duration = FanoutArgs.intArg(args, "duration", 10);
        int warmup = FanoutArgs.intArg(args, "warmup", 5);
        int drain = FanoutArgs.intArg(args, "drain", 10);
        String pad = "x".repeat(FanoutArgs.intArg(args, "pad", 60));
        URI uri = URI.create(FanoutArgs.required(args, "publish-url"));
        String auth = FanoutArgs.authorization(args.getOrDefault("auth", "admin:admin"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

        if (warmup > 0) {
            Phase warm = new Phase(http, uri, auth, pad, rate, (long) rate * warmup, 1_000_000, names());
            warm.run();
            Thread.sleep(1000);
            awaitQuiet();
        }
        for (ClientProcess client : clients) {
            client.command("RESET");
        }
        Thread.sleep(500);
        long publications = (long) rate * duration;
        long expected = 0;
        for (long i = 0; i < publications; i++) {
            expected += subscribersOf((int) (i % channels));
        }
        // connections that failed to subscribe receive nothing: expect the subscribed share
        expected = Math.round(expected * (double) subscribed / connections);
        ServerSample before = ServerSample.of(serverPid);
        Map<String, Long> threadsBefore = ThreadCpu.sample(serverPid);
        Phase phase = new Phase(http, uri, auth, pad, rate, publications, 0, names());
        phase.run();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drain);
        long delivered = 0;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = delivered();
            if (now != delivered) {
                delivered = now;
                lastChange = System.nanoTime();
            }
            if (delivered >= expected || System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(3)) {
                break;
            }
            Thread.sleep(20);
        }
        ServerSample after = ServerSample.of(serverPid);
        String threads = ThreadCpu.top(threadsBefore, ThreadCpu.sample(serverPid), 6);

        Histogram latency = new Histogram(TimeUnit.HOURS.toNanos(1), 3);
        long[] lastAt = new long[(int) publications];
        long frames = 0;
        delivered = 0;
        for (ClientProcess client : clients) {
            for (String line : client.report()) {
                if (line.startsWith("REPORT ")) {
                    Map<String, String> f = fields(line);
                    delivered += Long.parseLong(f.get("deliveries"));
                    frames += Long.parseLong(f.get("frames"));
                } else if (line.startsWith("HIST ")) {
                    latency.add(Histogram.decodeFromCompressedByteBuffer(
                            ByteBuffer.wrap(Base64.getDecoder().decode(line.substring(5))), 0));
                } else if (line.startsWith("LAST")) {
                    for (String pair : line.substring(4).trim().split(" ")) {
                        if (pair.isEmpty()) {
                            continue;
                        }
                        int colon = pair.indexOf(':');
                        int seq = Integer.parseInt(pair.substring(0, colon));
                        if (seq < lastAt.length) {
                            lastAt[seq] = Math.max(lastAt[seq], Long.parseLong(pair.substring(colon + 1)));
                        }
                    }
                }
            }
        }
        Histogram last = new Histogram(TimeUnit.HOURS.toNanos(1), 3);
        for (int seq = 0; seq < lastAt.length; seq++) {
            if (lastAt[seq] != 0) {
                last.recordValue(Math.min(Math.max(0, lastAt[seq] - phase.scheduled(seq)), last.getHighestTrackableValue()));
            }
        }
        long cpu = after.cpuMillis() - before.cpuMillis();
        double cpuPerDelivery = delivered == 0 ? Double.NaN : cpu * 1000.0 / delivered;
        double writesPerDelivery = after.writeCalls() < 0 || delivered == 0 ? Double.NaN
                : (double) (after.writeCalls() - before.writeCalls()) / delivered;
        double framesPerDelivery = delivered == 0 ? Double.NaN : (double) frames / delivered;
        String load = loadAverage();
        System.out.printf(Locale.ROOT, "published %d of %d at %d/s (%d HTTP failures, %s); delivered %d of %d expected (%.2f%% lost)%n",
                phase.sent(), publications, rate, phase.failures.get(), phase.firstFailure == null ? "-" : phase.firstFailure,
                delivered, expected, expected == 0 ? 0 : 100.0 * (expected - delivered) / expected);
        System.out.printf(Locale.ROOT, "server CPU %d ms over %.2f s: %.2f us per delivery; write calls per delivery %.3f; frames per delivery %.3f%n",
                cpu, (after.atNanos() - before.atNanos()) / 1e9, cpuPerDelivery, writesPerDelivery, framesPerDelivery);
        System.out.println("latency (scheduled send -> receipt): " + ms(latency));
        System.out.println("publish -> last receipt, per publication: " + ms(last));
        System.out.println("HTTP publish response (from scheduled send): " + ms(phase.response));
        System.out.println("server CPU by thread group: " + threads);
        System.out.println("load average: " + load);
        appendCsv(CSV_HEADER, String.join(",", Instant.now().toString(), server, Integer.toString(connections),
                Integer.toString(channels), Integer.toString(rate), Integer.toString(duration), Integer.toString(subscribed),
                Long.toString(phase.sent()), Long.toString(expected), Long.toString(delivered), Long.toString(cpu),
                f(cpuPerDelivery), f(writesPerDelivery), f(framesPerDelivery), msf(latency, 50), msf(latency, 99),
                msMax(latency), msf(last, 50), msf(last, 99), msMax(last), msf(phase.response, 50),
                msf(phase.response, 99), msMax(phase.response), "\"" + load + "\""));
        return phase.failures.get() == 0 && delivered > 0 ? 0 : 1;
    }

    private int idle(Baseline baseline, int subscribed) throws Exception {
        int hold = FanoutArgs.intArg(args, "hold", 60);
        int settle = FanoutArgs.intArg(args, "settle", 30);
        Thread.sleep(3000);
        long rssTop = ServerSample.of(serverPid).rssKb();
        // the JIT keeps compiling for a while after the connect storm: measure the idle CPU after it
        Thread.sleep(TimeUnit.SECONDS.toMillis(settle));
        ServerSample before = ServerSample.of(serverPid);
        Map<String, Long> threadsBefore = ThreadCpu.sample(serverPid);
        Thread.sleep(TimeUnit.SECONDS.toMillis(hold));
        ServerSample after = ServerSample.of(serverPid);
        long rssSettled = after.rssKb(); // after the hold: the heap G1 gave back once the storm was over
        System.out.println("idle CPU by server thread group (threads alive at the end): "
                + ThreadCpu.top(threadsBefore, ThreadCpu.sample(serverPid), 8));
        long pings = 0;
        for (ClientProcess client : clients) {
            for (String line : client.report()) {
                if (line.startsWith("REPORT ")) {
                    pings += Long.parseLong(fields(line).get("pings"));
                }
            }
        }
        long liveAfter = Baseline.liveBytes(serverPid);
        double cpuPct = 100.0 * (after.cpuMillis() - before.cpuMillis()) / (hold * 1000.0);
        double rssPerConn = (double) (rssTop - baseline.rssKb) / subscribed;
        double heapPerConn = liveAfter < 0 || baseline.liveBytes < 0 ? Double.NaN : (liveAfter - baseline.liveBytes) / 1024.0 / subscribed;
        String load = loadAverage();
        double rssSettledPerConn = (double) (rssSettled - baseline.rssKb) / subscribed;
        System.out.printf(Locale.ROOT, "idle crowd: %d connections; RSS %d -> %d MB: %.1f KB per connection (%d MB, %.1f KB after the hold);"
                + " live heap %.1f KB per connection%n",
                subscribed, baseline.rssKb / 1024, rssTop / 1024, rssPerConn, rssSettled / 1024, rssSettledPerConn, heapPerConn);
        System.out.printf(Locale.ROOT, "idle CPU over %d s (after %d s to settle): %.2f%% of one core (%d pings answered since connecting)%n",
                hold, settle, cpuPct, pings);
        System.out.println("load average: " + load);
        appendCsv(IDLE_CSV_HEADER, String.join(",", Instant.now().toString(), server, Integer.toString(connections),
                Integer.toString(subscribed), f(connectMillis / 1000.0), f(subscribed / Math.max(0.001, connectMillis / 1000.0)),
                f(rssPerConn), f(heapPerConn), f(cpuPct), Integer.toString(hold), Long.toString(pings),
                "\"" + args.getOrDefault("jvm-flags", "") + "\"", "\"" + load + "\"", f(rssSettledPerConn)));
        return 0;
    }

    /** The publish names of the channels: the base alone for one channel, else base-0, base-1, ... */
    private String[] names() {
        String[] names = new String[channels];
        for (int c = 0; c < channels; c++) {
            names[c] = channels == 1 ? channel : channel + "-" + c;
        }
        return names;
    }

    /** Subscribers of channel {@code c}: connection g subscribes to channel g % channels. */
    private int subscribersOf(int c) {
        return connections / channels + (c < connections % channels ? 1 : 0);
    }

    /**
     * Waits until the clients stop receiving (no new delivery for 1.5 s, at most 60 s): a server that
     * answers the publish before its fan-out ends must not carry the warm-up's deliveries into the
     * measured phase.
     */
    private void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long seen = delivered();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - since < TimeUnit.MILLISECONDS.toNanos(1500)) {
            Thread.sleep(100);
            long now = delivered();
            if (now != seen) {
                seen = now;
                since = System.nanoTime();
            }
        }
    }

    private long delivered() {
        long sum = 0;
        for (ClientProcess client : clients) {
            sum += client.deliveries();
        }
        return sum;
    }

    private void stopClients() {
        for (ClientProcess client : clients) {
            try {
                client.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Path logDir() {
        return Path.of(args.getOrDefault("log-dir", "benchmarks/target/fanout"));
    }

    private void appendCsv(String header, String row) throws IOException {
        String csv = args.get("csv");
        if (csv == null) {
            return;
        }
        Path path = Path.of(csv);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        if (!Files.exists(path)) {
            Files.writeString(path, header + "\n");
        }
        Files.writeString(path, row + "\n", StandardOpenOption.APPEND);
    }

    static Map<String, String> fields(String line) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String ms(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "no values";
        }
        return String.format(Locale.ROOT, "p50 %s ms, p99 %s ms, p99.9 %s ms, max %s ms (%d values)", msf(h, 50), msf(h, 99),
                msf(h, 99.9), msMax(h), h.getTotalCount());
    }

    private static String msf(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "" : f(h.getValueAtPercentile(percentile) / 1e6);
    }

    private static String msMax(Histogram h) {
        return h.getTotalCount() == 0 ? "" : f(h.getMaxValue() / 1e6);
    }

    private static String f(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** Live heap (class histogram after a full GC) and RSS of the server before the crowd. */
    private record Baseline(long rssKb, long liveBytes) {
        static Baseline of(long pid) throws IOException, InterruptedException {
            long live = liveBytes(pid);
            return new Baseline(ServerSample.of(pid).rssKb(), live);
        }

        /** {@code jcmd <pid> GC.class_histogram} total bytes (forces a full GC); -1 when jcmd fails. */
        static long liveBytes(long pid) throws IOException, InterruptedException {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(120, TimeUnit.SECONDS);
            for (String line : output.split("\n")) {
                if (line.startsWith("Total")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[2]);
                }
            }
            return -1;
        }
    }

    /**
     * One publishing phase: publication {@code i} is scheduled at {@code start + i / rate} and
     * carries that time as {@code sent_ns}, whether or not the publisher is late; at most 64
     * requests in flight (beyond that the publisher waits, and the stamps show the wait).
     */
    private static final class Phase {
        private final HttpClient http;
        private final URI uri;
        private final String auth;
        private final String pad;
        private final long period;
        private final long count;
        private final long seqOffset;
        private final Semaphore inFlight = new Semaphore(64);
        final Histogram response = new ConcurrentHistogram(TimeUnit.HOURS.toNanos(1), 3);
        final AtomicLong failures = new AtomicLong();
        volatile String firstFailure;
        private long start;
        private long sent;

        Phase(HttpClient http, URI uri, String auth, String pad, int rate, long count, long seqOffset, String[] channelNames) {
            this.channelNames = channelNames;
            this.http = http;
            this.uri = uri;
            this.auth = auth;
            this.pad = pad;
            this.period = 1_000_000_000L / rate;
            this.count = count;
            this.seqOffset = seqOffset;
        }

        long scheduled(long seq) {
            return start + seq * period;
        }

        long sent() {
            return sent;
        }

        void run() throws InterruptedException {
            start = System.nanoTime() + 10_000_000L;
            for (long i = 0; i < count; i++) {
                long at = scheduled(i);
                long wait = at - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String body = "{\"channel\":\"" + channelFor(i) + "\",\"data\":{\"sent_ns\":" + at + ",\"seq\":" + (i + seqOffset)
                        + ",\"pad\":\"" + pad + "\"}}";
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
                if (auth != null) {
                    request.header("Authorization", auth);
                }
                inFlight.acquire();
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((r, failure) -> {
                    response.recordValue(Math.min(Math.max(0, System.nanoTime() - at), response.getHighestTrackableValue()));
                    inFlight.release();
                    if (failure != null || r.statusCode() / 100 != 2) {
                        failures.incrementAndGet();
                        if (firstFailure == null) {
                            firstFailure = failure != null ? failure.toString() : "HTTP " + r.statusCode() + " " + r.body();
                        }
                    }
                });
                sent++;
            }
            if (!inFlight.tryAcquire(64, 60, TimeUnit.SECONDS)) {
                failures.incrementAndGet();
            } else {
                inFlight.release(64);
            }
        }

        private String channelFor(long i) {
            return channelNames[(int) (i % channelNames.length)];
        }

        private final String[] channelNames;
    }
}
