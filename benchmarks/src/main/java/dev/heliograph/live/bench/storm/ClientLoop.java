package dev.heliograph.live.bench.storm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One selector thread driving many {@link WsSocket}s: connects, reads into one shared buffer,
 * flushes pending writes, and runs tasks handed to it by other threads. Every socket belongs to
 * one loop and its state is touched only on that loop's thread, so sockets need no locks.
 *
 * <p>{@link #execute} is thread-safe; {@link #close} stops the thread and closes (aborts) every
 * socket still registered.
 */
final class ClientLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClientLoop.class.getName());
    private static final int READ_BUFFER = 64 * 1024;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
    private volatile boolean running = true;

    ClientLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the loop thread, soon (in submission order). */
    void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    Selector selector() {
        return selector;
    }

    /** The buffer reads land in; only valid on the loop thread until the next read. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    private void run() {
        while (running) {
            try {
                selector.select(200);
                wakeupPending.set(false);
                runTasks();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    WsSocket socket = (WsSocket) key.attachment();
                    try {
                        socket.onReady(key);
                    } catch (CancelledKeyException e) {
                        // closed while a previous readiness was handled; nothing left to do
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "client loop " + thread.getName() + ": " + e, e);
            }
        }
        runTasks();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof WsSocket socket) {
                socket.abort();
            }
        }
        try {
            selector.selectNow(); // completes the deferred closes of cancelled channels
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the selector: " + e);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "client loop task failed: " + e, e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
