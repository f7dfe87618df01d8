package dev.heliograph.live.bench.storm;

import java.util.List;

/**
 * One kind of storm. {@link StormRun} gives each scenario a fresh server process, a canary on
 * the scenario's channel and the common checks before and after; the scenario does its own part
 * (seat a crowd, drop it, flood, ...) through the {@link StormContext} and adds its own figures
 * and checks there. Runs on the harness's main thread; bounded in connections and in time.
 */
interface Scenario {
    /** A short name: {@code wave}, {@code crowd}, ... (used in file names and {@code --only}). */
    String name();

    /** What it does, with its sizes, for the report. */
    String title();

    /** The most crowd connections it holds at once (for the report and the descriptor budget). */
    int clients();

    /** Demo flags it needs beyond the harness's own; {@code redisAddress} is null without Redis. */
    default List<String> serverFlags(String redisAddress) {
        return List.of();
    }

    /** Whether it needs its own redis-server (started before the demo, on a free port). */
    default boolean needsRedis() {
        return false;
    }

    void run(StormContext context) throws Exception;
}
