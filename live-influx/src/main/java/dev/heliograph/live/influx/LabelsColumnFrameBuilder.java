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
 * field order, so lines with the same keys (most of them) skip the lookups. Counts its rows x
 * field columns in the body's {@link CellBudget} before padding a line's row, so lines that keep
 * bringing new fields stop the conversion instead of growing a square of nulls. Confined to the
 * converting thread.
 */
final class LabelsColumnFrameBuilder {
    private final String measurement;
    private final CellBudget budget;
    private final Field labels = Field.string("labels");
    private final Field time = Field.time("time");
    private final List<Field> columns = new ArrayList<>();
    private final Map<String, Field> byKey = new HashMap<>();
    private final FieldOrder order = new FieldOrder();
    /** The column of each entry of {@link #order}. */
    private Field[] ordered = new Field[16];
    private int rows;
    /** Rows x field columns, as counted in {@link #budget} so far. */
    private long cells;

    LabelsColumnFrameBuilder(String measurement, CellBudget budget) {
        this.measurement = measurement;
        this.budget = budget;
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
        long now = (long) rows * columns.size();
        if (!budget.take(now - cells)) {
            throw budget.exceeded(point.line(), "measurement \"" + measurement + "\" has " + CellBudget.count(columns.size())
                    + " field columns over " + CellBudget.count(rows) + " rows, a cell for each (nulls included), because"
                    + " its lines name different fields", "Give the lines of a measurement the same field names, send"
                    + " smaller batches (Telegraf: metric_batch_size), or push with gf_live_frame_format=wide, which"
                    + " makes no empty cells");
        }
        cells = now;
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
