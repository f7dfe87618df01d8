package dev.heliograph.live.influx;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An immutable parsed line, made by {@link LinePoint#toPoint()} for callers that keep points
 * (tests, tools). The hot path does not build these.
 *
 * @param measurement the measurement name
 * @param tags        tags in input order (a repeated key keeps its last value)
 * @param fields      fields in input order, duplicates included
 * @param timestamp   nanoseconds since the epoch, empty when the line had none
 * @param line        1-based line where the point starts
 */
public record Point(String measurement, Map<String, String> tags, List<Field> fields,
                    OptionalLong timestamp, int line) {
    public Point {
        requireNonNull(measurement, "measurement");
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        fields = List.copyOf(fields);
        requireNonNull(timestamp, "timestamp");
    }

    /**
     * One field: FLOAT holds a {@code Double}, INTEGER a {@code Long}, UNSIGNED a
     * {@code BigInteger}, STRING a {@code String}, BOOLEAN a {@code Boolean}.
     */
    public record Field(String key, FieldKind kind, Object value) {
        public Field {
            requireNonNull(key, "key");
            requireNonNull(kind, "kind");
            requireNonNull(value, "value");
        }
    }
}
