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
 * seen on a later line is appended, earlier rows null). Keeps the columns of the last line's
 * field order, so lines with the same keys (most of them) skip the lookups. Confined to the
 * converting thread.
 */
final class LabelsColumnFrameBuilder {
    private final String measurement;
    private final Field labels = Field.string("labels");
    private final Field time = Field.time("time");
    private final List<Field> columns = new ArrayList<>();
    private final Map<String, Field> byKey = new HashMap<>();
    private final FieldOrder order = new FieldOrder();
    /** The column of each entry of {@link #order}. */
    private Field[] ordered = new Field[16];
    private int rows;

    LabelsColumnFrameBuilder(String measurement) {
        this.measurement = measurement;
    }

    String measurement() {
        return measurement;
    }

    void add(LinePoint point, long timeNanos, String labelsText) {
        labels.appendString(labelsText);
        time.appendTimeNanos(timeNanos);
        rows++;
        if (order.compute(point)) {
            resolveColumns(point);
        }
        Field[] cols = ordered;
        for (int k = 0, n = order.count(); k < n; k++) {
            Field column = cols[k];
            Cells.padTo(column, rows - 1);
            Cells.append(column, point, order.at(k));
        }
    }

    /** Finds or makes the column of each field in the order just computed. */
    private void resolveColumns(LinePoint point) {
        int n = order.count();
        if (ordered.length < n) {
            ordered = new Field[Math.max(n, ordered.length * 2)];
        }
        for (int k = 0; k < n; k++) {
            int i = order.at(k);
            String key = point.fieldKey(i);
            Field column = byKey.get(key);
            if (column == null) {
                column = Field.of(key, Cells.typeOf(point, i), true);
                byKey.put(key, column);
                columns.add(column);
            }
            ordered[k] = column;
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
