package dev.heliograph.live.bench.fanout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time per thread group of a process from {@code /proc/<pid>/task/<tid>/stat}, grouped by the
 * thread name without its digits ({@code qtp123-45} and {@code qtp123-46} add up), so a run can
 * say where an idle server's CPU goes without attaching a profiler.
 *
 * <p>Stateless; called by {@link FanoutRun} on its main thread.
 */
final class ThreadCpu {
    private ThreadCpu() {}

    /** Milliseconds of utime + stime per thread group, for the threads alive now. */
    static Map<String, Long> sample(long pid) throws IOException {
        Map<String, Long> byGroup = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
                byGroup.merge(name, ticks * 10, Long::sum);
            }
        }
        return byGroup;
    }

    /** The {@code top} groups by CPU between two samples, as "name ms, name ms, ...". */
    static String top(Map<String, Long> before, Map<String, Long> after, int top) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .map(e -> e.getKey() + " " + e.getValue() + " ms")
                .collect(Collectors.joining(", "));
    }
}
