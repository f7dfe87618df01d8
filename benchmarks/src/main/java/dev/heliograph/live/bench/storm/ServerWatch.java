package dev.heliograph.live.bench.storm;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples the server process ({@link ProcSample}) twice a second on its own daemon thread for
 * the length of a scenario, and keeps the peaks. Started and stopped by the scenario thread.
 */
final class ServerWatch implements AutoCloseable {
    private static final long PERIOD_MILLIS = 500;

    private final ServerProcess server;
    private final Thread thread;
    private final List<ProcSample> samples = new ArrayList<>();
    private volatile boolean running = true;

    ServerWatch(ServerProcess server) {
        this.server = server;
        this.thread = new Thread(this::run, "storm-server-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            ProcSample sample = server.sample();
            if (sample != null) {
                synchronized (samples) {
                    samples.add(sample);
                }
            }
            try {
                Thread.sleep(PERIOD_MILLIS); // a fixed sampling period, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The largest value of each figure seen so far (a sample of maxima, not one moment). */
    ProcSample peak() {
        synchronized (samples) {
            long rss = 0;
            int threads = 0;
            long cpu = 0;
            int sockets = 0;
            for (ProcSample s : samples) {
                rss = Math.max(rss, s.rssKb());
                threads = Math.max(threads, s.threads());
                cpu = Math.max(cpu, s.cpuMillis());
                sockets = Math.max(sockets, s.sockets());
            }
            return new ProcSample(rss, threads, cpu, sockets, System.nanoTime());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
