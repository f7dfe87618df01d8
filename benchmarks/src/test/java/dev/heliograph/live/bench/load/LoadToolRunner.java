package dev.heliograph.live.bench.load;

import java.util.Set;

/** Runs the load tool in-process for integration tests and returns what it counted. */
public final class LoadToolRunner {
    private LoadToolRunner() {}

    /** What one run counted. */
    public record Result(long ready, long deliveries, long latencies, Set<String> failures) {}

    public static Result run(String... args) throws Exception {
        LoadTool tool = new LoadTool(CommandLine.parse(args));
        tool.run();
        LoadStats stats = tool.stats();
        return new Result(stats.ready.sum(), stats.deliveries.sum(), stats.latency.count(), stats.failures().keySet());
    }
}
