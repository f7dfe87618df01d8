package dev.heliograph.live.influx;

import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.frame.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link FrameFormat#LABELS_COLUMN} frame of one measurement: a row per line, columns
 * {@code labels}, {@code time}, then the fields in order of first appearance (a field first
 * seen on a later line is appended, earlier rows null). Confined to the converting thread.
 */
final class LabelsColumnFrameBuilder {
    private final String measurement;
    private final Field labels = Field.string("labels");
    private final Field time = Field.time("time");
    private final List<Field> columns = new ArrayList<>();
    private final Map<String, Field> byKey = new HashMap<>();
    private int rows;

    LabelsColumnFrameBuilder(String measurement) {
        this.measurement = measurement;
    }

    void add(LinePoint point, long timeNanos, FieldOrder order, String labelsText) {
        labels.appendString(labelsText);
        time.appendTimeNanos(timeNanos);
        rows++;
        for (int k = 0; k < order.count(); k++) {
            int i = order.at(k);
            String key = point.fieldKey(i);
            Field column = byKey.get(key);
            if (column == null) {
                column = Field.of(key, Cells.typeOf(point, i), true);
                byKey.put(key, column);
                columns.add(column);
            }
            Cells.padTo(column, rows - 1);
            Cells.append(column, point, i);
        }
    }

    DataFrame build() {
        DataFrame.Builder frame = DataFrame.builder().name(measurement).field(labels).field(time);
        for (Field column : columns) {
            Cells.padTo(column, rows);
            frame.field(column);
        }
        return frame.build();
    }
}
