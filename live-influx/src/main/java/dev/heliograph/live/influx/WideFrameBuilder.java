package dev.heliograph.live.influx;

import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.frame.Field;
import org.jspecify.annotations.Nullable;

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

    /**
     * Adds a column per field of {@code point}, in {@code order}, each labelled like
     * {@code labels} (a field holding only the line's tags, whose label map the columns share;
     * null when the line has no tags).
     */
    void add(LinePoint point, FieldOrder order, @Nullable Field labels) {
        for (int k = 0; k < order.count(); k++) {
            int i = order.at(k);
            Field column = Field.of(point.fieldKey(i), Cells.typeOf(point, i), true, 1);
            if (labels != null) {
                column.labelsFrom(labels);
            }
            Cells.append(column, point, i);
            frame.field(column);
        }
    }

    DataFrame build() {
        return frame.build();
    }
}
