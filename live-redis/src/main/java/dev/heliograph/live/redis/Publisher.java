package dev.heliograph.live.redis;

import dev.heliograph.live.LiveException;
import dev.heliograph.live.hub.HubUnavailableException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes publications to Redis from one thread: callers enqueue and get a stage; the thread
 * drains everything pending and sends it as one pipeline (one round trip for the whole batch),
 * then completes each stage. Under light load a batch is one message; under heavy load hundreds.
 * One thread and a FIFO queue keep the order of publications made from one thread.
 *
 * <p>Stages complete on the publisher thread: their continuations must not block.
 */
final class Publisher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Publisher.class.getName());
    private static final int MAX_BATCH = 1024;

    private record Pending(byte[] channel, byte[] message, CompletableFuture<Void> done) {}

    private final RedisConnector connector;
    private final ArrayBlockingQueue<Pending> queue;
    private final Thread thread;
    private volatile boolean closed;

    Publisher(RedisConnector connector, int queueCapacity, String threadName) {
        this.connector = connector;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    CompletionStage<Void> submit(byte[] channel, byte[] message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!queue.offer(new Pending(channel, message, done))) {
            done.completeExceptionally(new HubUnavailableException("the Redis publish queue is full ("
                    + queue.size() + " messages waiting): Redis is too slow or unreachable; retry later"));
        } else if (closed) {
            failAll(new HubUnavailableException("the Redis engine is closed"));
        }
        return done;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Redis publisher failed a batch of " + batch.size(), e);
                fail(batch, new LiveException("publishing to Redis failed: " + e.getMessage(), e));
            } finally {
                batch.clear();
            }
        }
        failAll(new HubUnavailableException("the Redis engine is closed"));
    }

    private void send(List<Pending> batch) {
        RedisClient client = connector.clientOrNull();
        if (client == null) {
            fail(batch, connector.unavailable("publishing", null));
            return;
        }
        try (Pipeline p = client.pipelined()) {
            for (Pending m : batch) {
                p.publish(m.channel, m.message);
            }
            p.sync();
        } catch (JedisConnectionException e) {
            connector.reportDown(client, e);
            fail(batch, connector.unavailable("publishing", e));
            return;
        } catch (JedisDataException e) {
            if (RedisConnector.isFailoverError(e)) {
                connector.reportDown(client, e);
                fail(batch, connector.unavailable("publishing", e));
                return;
            }
            throw e;
        }
        for (Pending m : batch) {
            m.done.complete(null);
        }
    }

    private static void fail(List<Pending> batch, RuntimeException e) {
        for (Pending m : batch) {
            m.done.completeExceptionally(e);
        }
    }

    private void failAll(RuntimeException e) {
        Pending m;
        while ((m = queue.poll()) != null) {
            m.done.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(new HubUnavailableException("the Redis engine is closed"));
    }
}
