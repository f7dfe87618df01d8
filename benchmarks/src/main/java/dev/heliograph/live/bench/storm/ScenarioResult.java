package dev.heliograph.live.bench.storm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario run produced: narrative lines (what happened, with numbers), the checks,
 * and the figures of its summary row. Filled by the scenario thread, read after it finished.
 */
final class ScenarioResult {
    private final String name;
    private final String title;
    private final List<String> lines = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final Map<String, String> figures = new LinkedHashMap<>();

    ScenarioResult(String name, String title) {
        this.name = name;
        this.title = title;
    }

    String name() {
        return name;
    }

    String title() {
        return title;
    }

    synchronized void line(String text) {
        lines.add(text);
        System.out.println("  " + text);
        System.out.flush();
    }

    synchronized void check(Check check) {
        checks.add(check);
        System.out.println("  " + check);
        System.out.flush();
    }

    synchronized void check(String what, boolean passed, String detail) {
        check(Check.of(what, passed, detail));
    }

    /** A summary-row figure; {@link StormReport#COLUMNS} names the columns. */
    synchronized void figure(String column, String value) {
        figures.put(column, value);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized List<Check> checks() {
        return List.copyOf(checks);
    }

    synchronized Map<String, String> figures() {
        return new LinkedHashMap<>(figures);
    }

    synchronized List<Check> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    synchronized boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }
}
