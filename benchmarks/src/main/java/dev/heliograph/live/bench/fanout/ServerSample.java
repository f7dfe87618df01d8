package dev.heliograph.live.bench.fanout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One look at the server process from outside: CPU time (utime + stime of {@code /proc/<pid>/stat},
 * all threads), write-type system calls ({@code syscw} of {@code /proc/<pid>/io}: write and
 * writev, which is what NIO socket writes use) and resident memory ({@code VmRSS}).
 *
 * @param cpuMillis user + system CPU in milliseconds (10 ms resolution: 100 clock ticks a second)
 * @param writeCalls write-type system calls so far, or -1 when {@code io} is not readable
 * @param rssKb VmRSS in KiB
 * @param atNanos {@link System#nanoTime()} of the sample
 */
record ServerSample(long cpuMillis, long writeCalls, long rssKb, long atNanos) {
    private static final long CLOCK_TICKS = 100;

    static ServerSample of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        String stat = Files.readString(proc.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        long writes = -1;
        try {
            for (String line : Files.readAllLines(proc.resolve("io"))) {
                if (line.startsWith("syscw:")) {
                    writes = Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException e) {
            // another user's process without privileges: no write count
        }
        long rss = -1;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return new ServerSample(ticks * 1000 / CLOCK_TICKS, writes, rss, System.nanoTime());
    }
}
