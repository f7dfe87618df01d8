package dev.heliograph.live.influx;

import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.frame.Field;
import java.util.Map;

/**
 * Builds the {@link FrameFormat#WIDE} frame of one (measurement, timestamp): one row, a
 * {@code time} column, then for each line with that measurement and timestamp one column per
 * field (sorted by key) labelled with the line's tags. Confined to the converting thread.
 */
final class WideFrameBuilder {
    private final DataFrame.Builder frame;

    WideFrameBuilder(String measurement, long timeNanos) {
        this.frame = DataFrame.builder().name(measurement).field(Field.time("time").appendTimeNanos(timeNanos));
    }

    void add(LinePoint point, FieldOrder order, Map<String, String> labels) {
        for (int k = 0; k < order.count(); k++) {
            int i = order.at(k);
            Field column = Field.of(point.fieldKey(i), Cells.typeOf(point, i), true, 1);
            if (!labels.isEmpty()) {
                column.labels(labels);
            }
            Cells.append(column, point, i);
            frame.field(column);
        }
    }

    DataFrame build() {
        return frame.build();
    }
}
