package dev.heliograph.live.bench.redis;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.LocalFanOut;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscription;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.redis.RedisHub;
import dev.heliograph.live.redis.testing.RedisProcess;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Cross-node publish throughput and publish-to-receive latency of the Redis engine: node A
 * publishes, node B's subscriber receives through a real redis-server this harness starts on a
 * free port. Also Redis CPU per 1,000 messages ({@code INFO CPU}). A plain main() rather than JMH
 * because latency is measured per message across two threads.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.heliograph.live.bench.redis.RedisHubBench [messages]}
 */
public final class RedisHubBench {
    private static final OrgChannel CHANNEL = OrgChannel.of(1, "stream/bench/cpu");
    /** {"t":<19 digits>,"i":<10 digits>,"values":[...]}: about 120 bytes, like a small data frame. */
    private static final String TEMPLATE = "{\"t\":%019d,\"i\":%010d,\"data\":{\"values\":[[1700000000000],[42.5],[\"host-a\"]]}}";
    private static final int T_OFFSET = 5;

    private RedisHubBench() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        System.out.printf(Locale.ROOT, "# Redis engine, %d messages, JDK %s, %d cores%n", messages,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        try (RedisProcess redis = RedisProcess.server()) {
            String address = redis.hostPort();
            try (RedisHub a = RedisHub.builder().address(address).prefix("bench").build();
                    RedisHub b = RedisHub.builder().address(address).prefix("bench").build()) {
                Result r = measure(a, b, messages, ch -> b.isListening(ch), redis);
                r.print("RedisHub A -> Redis -> RedisHub B");
            }
            try (LocalHub local = LocalHub.builder().build()) {
                measure(local, local, messages, ch -> true, null).print("LocalHub (in memory, one node)");
            }
        }
    }

    /** Runs the three measurements for a publisher hub and a subscriber hub (the same hub for an in-memory peer). */
    public static Result measure(Hub publisher, Hub subscriber, int messages, Predicate<OrgChannel> listening,
            RedisProcess redis) throws InterruptedException {
        Receiver receiver = new Receiver();
        try (Subscription s = LocalFanOut.attachTo(subscriber).subscribe(CHANNEL, receiver::onPublication)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!listening.test(CHANNEL)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("subscriber never started listening");
                }
                LockSupport.parkNanos(1_000_000);
            }
            saturate(publisher, receiver, Math.min(messages, 50_000)); // warm-up
            double cpuBefore = redisCpuSeconds(redis);
            long t0 = System.nanoTime();
            long[] saturatedLatency = saturate(publisher, receiver, messages);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuAfter = redisCpuSeconds(redis);
            long[] paced = paced(publisher, receiver, 10_000, 3);
            long[] oneByOne = oneAtATime(publisher, receiver, 5_000);
            return new Result(messages / seconds, saturatedLatency, paced, oneByOne,
                    redis == null ? Double.NaN : (cpuAfter - cpuBefore) * 1000 / (messages / 1000.0));
        }
    }

    private static long[] saturate(Hub publisher, Receiver receiver, int n) throws InterruptedException {
        receiver.reset(n);
        Semaphore inFlight = new Semaphore(8_192);
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            publisher.publish(message(i)).whenComplete((ok, e) -> inFlight.release());
        }
        return receiver.await();
    }

    private static long[] paced(Hub publisher, Receiver receiver, int perSecond, int seconds) throws InterruptedException {
        int n = perSecond * seconds;
        receiver.reset(n);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            publisher.publish(message(i));
        }
        return receiver.await();
    }

    private static long[] oneAtATime(Hub publisher, Receiver receiver, int n) throws InterruptedException {
        receiver.reset(n);
        for (int i = 0; i < n; i++) {
            publisher.publish(message(i));
            while (receiver.count() <= i) {
                Thread.onSpinWait();
            }
        }
        return receiver.await();
    }

    private static final byte[] TEMPLATE_BYTES = String.format(Locale.ROOT, TEMPLATE, 0L, 0).getBytes(StandardCharsets.US_ASCII);
    private static final int I_OFFSET = T_OFFSET + 19 + 5;

    /** The template with the send time and sequence number written in place (no formatting cost). */
    private static Publication message(int i) {
        byte[] json = TEMPLATE_BYTES.clone();
        writeDigits(json, I_OFFSET, 10, i);
        writeDigits(json, T_OFFSET, 19, System.nanoTime());
        return Publication.of(CHANNEL, RawJson.trusted(json));
    }

    private static void writeDigits(byte[] out, int offset, int width, long value) {
        for (int p = offset + width - 1; p >= offset; p--) {
            out[p] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private static double redisCpuSeconds(RedisProcess redis) {
        if (redis == null) {
            return 0;
        }
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", redis.port()))) {
            double total = 0;
            for (String line : j.info("cpu").split("\r\n")) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                    total += Double.parseDouble(line.substring(line.indexOf(':') + 1));
                }
            }
            return total;
        }
    }

    /** Records publish-to-receive latency from the send time embedded in each message. */
    private static final class Receiver {
        private volatile long[] latencies = new long[0];
        private final AtomicInteger received = new AtomicInteger();
        private volatile CountDownLatch done = new CountDownLatch(0);

        void reset(int n) {
            latencies = new long[n];
            received.set(0);
            done = new CountDownLatch(n);
        }

        void onPublication(Publication p) {
            long now = System.nanoTime();
            byte[] b = p.data().unsafeBytes();
            long sent = 0;
            for (int i = T_OFFSET; i < T_OFFSET + 19; i++) {
                sent = sent * 10 + (b[i] - '0');
            }
            int idx = received.getAndIncrement();
            long[] l = latencies;
            if (idx < l.length) {
                l[idx] = now - sent;
            }
            done.countDown();
        }

        int count() {
            return received.get();
        }

        long[] await() throws InterruptedException {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + received.get() + " of " + latencies.length + " arrived in 60 s");
            }
            long[] l = latencies.clone();
            Arrays.sort(l);
            return l;
        }
    }

    /** The figures of one engine. */
    public record Result(double throughput, long[] saturated, long[] paced, long[] oneByOne, double redisCpuMsPer1000) {
        void print(String name) {
            System.out.printf(Locale.ROOT, "| %s | %,.0f msg/s | %s | %s | %s | %s |%n", name, throughput,
                    pct(saturated), pct(paced), pct(oneByOne),
                    Double.isNaN(redisCpuMsPer1000) ? "-" : String.format(Locale.ROOT, "%.1f ms", redisCpuMsPer1000));
        }

        private static String pct(long[] sorted) {
            return String.format(Locale.ROOT, "%.1f / %.1f µs", sorted[sorted.length / 2] / 1e3,
                    sorted[(int) (sorted.length * 0.99)] / 1e3);
        }
    }
}
