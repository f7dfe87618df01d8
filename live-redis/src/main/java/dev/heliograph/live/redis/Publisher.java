package dev.heliograph.live.redis;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveException;
import dev.heliograph.live.hub.HubUnavailableException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes publications to Redis from one thread: callers enqueue and get a stage; the thread
 * drains everything pending and sends it as one pipeline (one round trip for the whole batch),
 * then completes each stage. Under light load a batch is one message; under heavy load hundreds.
 * One thread and a FIFO queue keep the order of publications made from one thread.
 *
 * <p>Besides plain {@code PUBLISH}es the queue carries Lua script calls ({@link #submit(LuaScript,
 * List, Function)}: the history scripts of {@link RedisHistory}), pipelined with them as
 * {@code EVALSHA}. A batch that needs a script this pool has not loaded yet starts with its
 * {@code SCRIPT LOAD}, so the {@code EVALSHA}s behind it find it. Should Redis still answer
 * {@code NOSCRIPT} (someone ran {@code SCRIPT FLUSH} meanwhile), those calls are sent again with
 * the full source right after the batch: they ran after the rest of their batch, the only case
 * where order is not kept.
 *
 * <p>Stages complete on the publisher thread: their continuations must not block.
 */
final class Publisher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Publisher.class.getName());
    private static final int MAX_BATCH = 1024;

    /**
     * A PUBLISH ({@code script} null) or a script call: {@code keys}, and {@code args} made from
     * the run id of the Redis process the batch goes to ({@link RedisConnector#serverRunId}).
     */
    private record Pending(byte[] channel, byte[] message, LuaScript script, List<byte[]> keys,
            Function<String, List<byte[]>> args, CompletableFuture<Object> done) {}

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

    /** Queues a PUBLISH; the stage completes with Redis's answer (the receiving client count). */
    @SuppressWarnings("NullAway") // a PUBLISH has no script parts; the sender reads them only when script is set
    CompletionStage<Object> submit(byte[] channel, byte[] message) {
        return enqueue(new Pending(channel, message, null, null, null, new CompletableFuture<>()));
    }

    /**
     * Queues a script call, in order with the publishes; the stage completes with its result.
     * {@code args} gets the run id of the Redis process the call is sent to, read when it is sent.
     */
    @SuppressWarnings("NullAway") // a script call has no channel or message; the sender reads them only without script
    CompletionStage<Object> submit(LuaScript script, List<byte[]> keys, Function<String, List<byte[]>> args) {
        return enqueue(new Pending(null, null, script, keys, args, new CompletableFuture<>()));
    }

    private CompletionStage<Object> enqueue(Pending pending) {
        CompletableFuture<Object> done = pending.done;
        if (!queue.offer(pending)) {
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
        String runId = connector.serverRunId(); // read after the pool: a newer one only makes a new epoch
        Set<LuaScript> loading = new HashSet<>();
        List<List<byte[]>> args = new ArrayList<>(batch.size());
        List<Response<Object>> answers = new ArrayList<>(batch.size());
        try (Pipeline p = client.pipelined()) {
            for (Pending m : batch) {
                if (m.script != null && !m.script.isLoadedOn(client) && loading.add(m.script)) {
                    m.script.queueLoad(p);
                }
            }
            for (Pending m : batch) {
                List<byte[]> a = m.script == null ? null : m.args.apply(runId);
                args.add(a);
                answers.add(m.script == null ? p.sendCommand(Protocol.Command.PUBLISH, m.channel, m.message)
                        : m.script.queue(p, m.keys, requireNonNull(a)));
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
        for (LuaScript script : loading) {
            script.loadedOn(client);
        }
        List<Integer> noScript = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Pending m = batch.get(i);
            try {
                m.done.complete(answers.get(i).get());
            } catch (JedisDataException e) {
                if (m.script != null && LuaScript.isNoScript(e)) {
                    noScript.add(i);
                } else if (RedisConnector.isFailoverError(e)) {
                    connector.reportDown(client, e);
                    m.done.completeExceptionally(connector.unavailable("publishing", e));
                } else {
                    m.done.completeExceptionally(new LiveException("Redis refused a command: " + e.getMessage(), e));
                }
            }
        }
        for (int i : noScript) {
            Pending m = batch.get(i);
            try {
                m.done.complete(m.script.run(client, m.keys, args.get(i)));
            } catch (JedisConnectionException e) {
                connector.reportDown(client, e);
                m.done.completeExceptionally(connector.unavailable("publishing", e));
            } catch (JedisDataException e) {
                m.done.completeExceptionally(new LiveException("Redis refused a script: " + e.getMessage(), e));
            }
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
