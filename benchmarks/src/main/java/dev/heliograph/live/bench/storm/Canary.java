package dev.heliograph.live.bench.storm;

import dev.heliograph.live.bench.load.LatencyHistogram;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * The canary: one ordinary subscriber on the storm's channel (its own connection from
 * 127.0.0.1) and a steady stream of publications to it over HTTP, {@code {"s":"canary","seq":n,
 * "sent_ns":t}} at a fixed rate. Whatever the storm does to the server, the canary says what an
 * innocent bystander lived through: which publications the server took never arrived, the longest
 * silence, and the publish-to-receive latency (publisher and subscriber share this JVM's clock).
 *
 * <p>Started and stopped by a scenario thread; receipts arrive on a client loop thread, publish
 * outcomes on the HTTP client's threads. All records are atomic arrays indexed by sequence number.
 */
final class Canary implements LiveClient.Listener, AutoCloseable {
    private static final byte[] MARK = "\"s\":\"canary\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SENT = "\"sent_ns\":".getBytes(StandardCharsets.US_ASCII);
    private static final int PENDING = 0;

    private final ClientFleet fleet;
    private final HttpPublish http;
    private final String channelPath;
    private final int rate;
    private final int capacity;
    private final AtomicLongArray sentAt;
    private final AtomicLongArray receivedAt;
    private final AtomicIntegerArray status;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final List<Consumer<String>> leaveWatchers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "storm-canary-publisher");
        t.setDaemon(true);
        return t;
    });
    private volatile int published;
    private volatile long duplicates;
    private volatile long firstPublishNanos;
    private volatile long lastPublishNanos;
    private LiveClient client;

    /**
     * @param rate publications per second
     * @param maxDuration the longest the canary may publish (sizes its records)
     */
    Canary(ClientFleet fleet, HttpPublish http, String channelPath, int rate, Duration maxDuration) {
        this.fleet = fleet;
        this.http = http;
        this.channelPath = channelPath;
        this.rate = rate;
        this.capacity = (int) Math.min(10_000_000, rate * Math.max(1, maxDuration.toSeconds()));
        this.sentAt = new AtomicLongArray(capacity);
        this.receivedAt = new AtomicLongArray(capacity);
        this.status = new AtomicIntegerArray(capacity);
    }

    /** Subscribes (waiting up to {@code timeout}) and starts publishing. */
    void start(Duration timeout) throws Exception {
        client = fleet.open(fleet.target().wireName(channelPath), this);
        client.ready().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        firstPublishNanos = System.nanoTime();
        timer.scheduleAtFixedRate(this::publishNext, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
    }

    LiveClient client() {
        return client;
    }

    /**
     * From when, at this moment, publications may still be on their way: one second before the
     * newest publication received was sent (concurrent HTTP publishes may overtake each other by
     * that much), or the first publication when none was received. {@link System#nanoTime()}.
     */
    long inFlightFrom() {
        int sent = published;
        int highest = -1;
        for (int i = 0; i < sent; i++) {
            if (receivedAt.get(i) != 0) {
                highest = i;
            }
        }
        return highest < 0 ? firstPublishNanos : sentAt.get(highest) - 1_000_000_000L;
    }

    /** Whether a publication sent at or after {@code nanos} ({@link System#nanoTime()}) has arrived. */
    boolean heardSince(long nanos) {
        int sent = published;
        for (int i = sent - 1; i >= 0; i--) {
            if (sentAt.get(i) < nanos) {
                return false;
            }
            if (receivedAt.get(i) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The longest silence between {@code from} and {@code to} ({@link System#nanoTime()}), ends
     * included, counting only receipts in that window; {@code to} is capped at the last publication.
     */
    long maxSilence(long from, long to) {
        long end = Math.min(to, lastPublishNanos);
        if (end <= from) {
            return 0;
        }
        long[] times = new long[published];
        int n = 0;
        for (int i = 0; i < times.length; i++) {
            long at = receivedAt.get(i);
            if (at >= from && at <= end) {
                times[n++] = at;
            }
        }
        long[] window = Arrays.copyOf(times, n);
        Arrays.sort(window);
        return maxSilence(window, from, end);
    }

    /** How many publications sent outside [{@code from}, {@code to}] the server refused or never got. */
    int refusedOutside(long from, long to) {
        int count = 0;
        for (int i = 0; i < published; i++) {
            long at = sentAt.get(i);
            if ((at < from || at > to) && !expected(status.get(i))) {
                count++;
            }
        }
        return count;
    }

    long firstPublishNanos() {
        return firstPublishNanos;
    }

    /** {@link System#nanoTime()} when publication {@code seq} was sent. */
    long sentAt(int seq) {
        return sentAt.get(seq);
    }

    /** Tells {@code watcher} the client id of every leave the canary sees (loop thread). */
    void onLeave(Consumer<String> watcher) {
        leaveWatchers.add(watcher);
    }

    private void publishNext() {
        int seq = published;
        if (seq >= capacity) {
            return;
        }
        long now = System.nanoTime();
        sentAt.set(seq, now);
        published = seq + 1;
        lastPublishNanos = now;
        http.publish(channelPath, "{\"s\":\"canary\",\"seq\":" + seq + ",\"sent_ns\":" + now + "}")
                .thenAccept(code -> status.set(seq, code));
    }

    @Override
    public void publication(LiveClient from, byte[] data, int offset, int length) {
        long now = System.nanoTime();
        int end = offset + length;
        if (LiveClient.indexOf(data, offset, end, MARK) < 0) {
            return; // the storm's own publications on the same channel
        }
        long seq = LiveClient.numberAfter(data, offset, end, SEQ);
        long sent = LiveClient.numberAfter(data, offset, end, SENT);
        if (seq < 0 || seq >= capacity || sent == Long.MIN_VALUE) {
            return;
        }
        if (receivedAt.compareAndSet((int) seq, 0, now)) {
            latency.record(now - sent);
        } else {
            duplicates++;
        }
    }

    @Override
    public void leave(LiveClient from, String leftClientId) {
        for (Consumer<String> watcher : leaveWatchers) {
            watcher.accept(leftClientId);
        }
    }

    /**
     * Stops publishing, waits up to {@code drain} for expected publications still on their
     * way, and sums up. The canary stays subscribed (it witnesses the shutdown).
     */
    Report finish(Duration drain) {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (System.nanoTime() < deadline && (missing() > 0 || unanswered() > 0)) {
            LockSupport.parkNanos(20_000_000L);
        }
        return report();
    }

    private int missing() {
        int missing = 0;
        for (int i = 0; i < published; i++) {
            if (expected(status.get(i)) && receivedAt.get(i) == 0) {
                missing++;
            }
        }
        return missing;
    }

    private int unanswered() {
        int count = 0;
        for (int i = 0; i < published; i++) {
            if (status.get(i) == PENDING) {
                count++;
            }
        }
        return count;
    }

    /**
     * Whether a publication with this outcome must arrive: acknowledged ones, and those the server
     * took but did not answer in time. Not those it refused with an HTTP error, nor those never
     * sent for want of a free request slot.
     */
    static boolean expected(int code) {
        return code / 100 == 2 || code == HttpPublish.FAILED || code == PENDING;
    }

    /** The figures so far. */
    Report report() {
        int sent = published;
        int expected = 0;
        int received = 0;
        int unanswered = 0;
        Map<String, Integer> refused = new TreeMap<>();
        List<Integer> lost = new ArrayList<>();
        long[] receipts = new long[sent];
        int receiptCount = 0;
        for (int i = 0; i < sent; i++) {
            int code = status.get(i);
            long at = receivedAt.get(i);
            if (at != 0) {
                received++;
                receipts[receiptCount++] = at;
            }
            if (code == HttpPublish.FAILED || code == PENDING) {
                unanswered++;
            }
            if (expected(code)) {
                expected++;
                if (at == 0) {
                    lost.add(i);
                }
            } else {
                refused.merge(describe(code), 1, Integer::sum);
            }
        }
        long[] times = Arrays.copyOf(receipts, receiptCount);
        Arrays.sort(times);
        return new Report(sent, expected, received, lost, refused, unanswered, duplicates,
                maxSilence(times, firstPublishNanos, lastPublishNanos), latency.percentile(0.50),
                latency.percentile(0.99), latency.max());
    }

    /**
     * The longest time between two canary receipts, counting from the first publication and up
     * to the last one (a canary that went quiet at the end shows that quiet as silence).
     */
    static long maxSilence(long[] sortedReceipts, long from, long to) {
        long previous = from;
        long longest = 0;
        for (long at : sortedReceipts) {
            longest = Math.max(longest, at - previous);
            previous = Math.max(previous, at);
        }
        return Math.max(longest, to - previous);
    }

    private static String describe(int code) {
        return switch (code) {
            case PENDING -> "unanswered";
            case HttpPublish.NO_SLOT -> "not sent (publish requests stuck)";
            case HttpPublish.FAILED -> "no HTTP answer in 5 s";
            default -> "HTTP " + code;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * The canary's figures.
     *
     * @param published publications sent
     * @param expected acknowledged, or taken and not answered within 5 s: these must arrive
     * @param received distinct publications received
     * @param lost sequence numbers expected but never received
     * @param refused publications refused with an HTTP error or never sent, by reason
     * @param unanswered expected ones whose HTTP answer did not come within 5 s
     * @param duplicates receipts of a sequence already received
     * @param maxSilenceNanos the longest gap between receipts
     * @param p50Nanos median publish-to-receive latency
     * @param p99Nanos 99th percentile latency
     * @param maxNanos the largest latency
     */
    record Report(int published, int expected, int received, List<Integer> lost, Map<String, Integer> refused,
            int unanswered, long duplicates, long maxSilenceNanos, long p50Nanos, long p99Nanos, long maxNanos) {

        /** {@code 12, 40-45, 90} for printing. */
        String lostRanges() {
            StringBuilder text = new StringBuilder();
            int i = 0;
            while (i < lost.size() && text.length() < 300) {
                int first = lost.get(i);
                int last = first;
                while (i + 1 < lost.size() && lost.get(i + 1) == last + 1) {
                    last = lost.get(++i);
                }
                text.append(text.length() == 0 ? "" : ", ").append(first).append(first == last ? "" : "-" + last);
                i++;
            }
            return i < lost.size() ? text + ", ..." : text.toString();
        }
    }
}
