package dev.heliograph.live.bench.storm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One look at a Linux process from outside, through {@code /proc/<pid>}: resident memory and
 * thread count ({@code status}), CPU time ({@code stat} utime + stime) and the number of open
 * descriptors that are sockets ({@code fd/*} links to {@code socket:[inode]}).
 *
 * @param rssKb VmRSS in KiB
 * @param threads the Threads line
 * @param cpuMillis user + system CPU time in milliseconds
 * @param sockets open socket descriptors
 * @param atNanos {@link System#nanoTime()} of the sample
 */
record ProcSample(long rssKb, int threads, long cpuMillis, int sockets, long atNanos) {
    /** Clock ticks per second of {@code /proc/<pid>/stat}: 100 on every Linux the JDK supports. */
    private static final long CLOCK_TICKS = 100;

    /** Reads the process now; throws when it is gone. */
    static ProcSample of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        List<String> status = Files.readAllLines(proc.resolve("status"));
        String stat = Files.readString(proc.resolve("stat"));
        return new ProcSample(statusValue(status, "VmRSS:"), (int) statusValue(status, "Threads:"), cpuMillis(stat),
                countSockets(proc.resolve("fd")), System.nanoTime());
    }

    /** The number in a {@code /proc/<pid>/status} line such as {@code VmRSS:   123 kB}; -1 if absent. */
    static long statusValue(List<String> status, String key) {
        for (String line : status) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return -1;
    }

    /**
     * utime + stime from a {@code /proc/<pid>/stat} line, in milliseconds. Fields are counted
     * after the command name's closing parenthesis (the name may hold spaces): utime is field 14,
     * stime field 15.
     */
    static long cpuMillis(String stat) {
        String afterName = stat.substring(stat.lastIndexOf(')') + 2);
        String[] fields = afterName.trim().split("\\s+");
        // afterName starts at field 3 (state)
        long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        return ticks * 1000 / CLOCK_TICKS;
    }

    private static int countSockets(Path fdDir) throws IOException {
        int sockets = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException e) {
                    // closed between listing and reading: not open any more
                }
            }
        }
        return sockets;
    }

    long rssMb() {
        return rssKb / 1024;
    }
}
