package dev.heliograph.live.example;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the push endpoint must make of a plain line-protocol body, worked out here without the
 * library's parser or converter, for tests that compare: per measurement the labels_column frame
 * the spec describes (labels text with sorted keys, time in ms, then the fields in order of first
 * appearance, each line's taken sorted by key; numbers as doubles, strings, booleans, nulls where
 * a line lacks a field). Handles what Telegraf writes for its default inputs: tags without
 * escapes, quoted string fields without escapes, i and u suffixes. Test code, single-threaded.
 */
final class ExpectedFrames {
    private ExpectedFrames() {}

    /** One measurement's frame: column names after labels and time, and the rows. */
    record Frame(String measurement, List<String> columns, List<Row> rows) {
        /** The values of a column, row by row (null where a line lacked the field). */
        List<Object> column(String name) {
            return rows.stream().map(r -> r.values().get(name)).collect(Collectors.toList());
        }
    }

    /** One line: its labels text, its time in epoch ms, and its values by field name. */
    record Row(String labels, long timeMillis, Map<String, Object> values) {}

    /** The frames of {@code body}, by measurement, in order of first appearance. */
    static Map<String, Frame> of(String body) {
        Map<String, Frame> frames = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> parts = splitOutsideQuotes(line, ' ');
            List<String> series = splitOutsideQuotes(parts.get(0), ',');
            String measurement = series.get(0);
            String labels = series.subList(1, series.size()).stream()
                    .sorted(Comparator.comparing((String tag) -> tag.substring(0, tag.indexOf('='))))
                    .collect(Collectors.joining(", "));
            Map<String, Object> values = new LinkedHashMap<>();
            List<String> fields = splitOutsideQuotes(parts.get(1), ',');
            fields.sort(Comparator.comparing((String field) -> field.substring(0, field.indexOf('='))));
            for (String field : fields) {
                int eq = field.indexOf('=');
                values.put(field.substring(0, eq), value(field.substring(eq + 1)));
            }
            long millis = Long.parseLong(parts.get(2)) / 1_000_000L;
            Frame frame = frames.computeIfAbsent(measurement, m -> new Frame(m, new ArrayList<>(), new ArrayList<>()));
            for (String key : values.keySet()) {
                if (!frame.columns().contains(key)) {
                    frame.columns().add(key);
                }
            }
            frame.rows().add(new Row(labels, millis, values));
        }
        return frames;
    }

    private static Object value(String text) {
        if (text.startsWith("\"")) {
            return text.substring(1, text.length() - 1);
        }
        if (Arrays.asList("t", "T", "true", "True", "TRUE").contains(text)) {
            return true;
        }
        if (Arrays.asList("f", "F", "false", "False", "FALSE").contains(text)) {
            return false;
        }
        if (text.endsWith("i") || text.endsWith("u")) {
            return (double) Long.parseLong(text.substring(0, text.length() - 1));
        }
        return Double.parseDouble(text);
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }
}
