package dev.heliograph.live.bench.storm;

import java.util.List;
import java.util.Map;

/**
 * Formats a storm run as Markdown: per scenario what happened and every check, then one summary
 * table whose rows can be pasted into {@code BENCHMARKS.md} as they are. Stateless.
 */
final class StormReport {
    /** The summary table's columns, in order; scenarios fill them with {@link ScenarioResult#figure}. */
    static final List<String> COLUMNS = List.of("clients", "seat", "canary recv/expected", "lost", "max silence", "p99",
            "RSS MB", "threads", "CPU s", "sockets left", "presence after", "SIGTERM exit", "3001 seen", "log");

    private StormReport() {}

    static String markdown(String heading, List<String> environment, List<ScenarioResult> results) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(heading).append("\n\n");
        for (String line : environment) {
            md.append(line).append("  \n");
        }
        for (ScenarioResult result : results) {
            md.append("\n## ").append(result.name()).append(": ").append(result.passed() ? "PASSED" : "FAILED").append("\n\n");
            md.append(result.title()).append("\n\n");
            for (String line : result.lines()) {
                md.append("- ").append(line).append('\n');
            }
            md.append('\n');
            for (Check check : result.checks()) {
                md.append("- ").append(check.passed() ? "PASS" : "**FAIL**").append(' ').append(check.what()).append(": ")
                        .append(check.detail()).append('\n');
            }
        }
        md.append("\n## Summary\n\n");
        md.append(table(results));
        return md.toString();
    }

    /**
     * RSS and threads read baseline/peak/after; "sockets left" counts the server's sockets
     * still connected to a crowd address when the storm had passed.
     */
    static String table(List<ScenarioResult> results) {
        StringBuilder md = new StringBuilder("| scenario | ");
        md.append(String.join(" | ", COLUMNS)).append(" | result |\n|---|");
        md.append("---:|".repeat(COLUMNS.size())).append("---|\n");
        for (ScenarioResult result : results) {
            Map<String, String> figures = result.figures();
            md.append("| ").append(result.name()).append(" | ");
            for (String column : COLUMNS) {
                md.append(figures.getOrDefault(column, "-")).append(" | ");
            }
            md.append(result.passed() ? "pass" : "**FAIL** (" + result.failures().size() + ")").append(" |\n");
        }
        return md.toString();
    }
}
