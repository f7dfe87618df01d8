package dev.heliograph.live.influx;

/**
 * The order in which the converter takes a line's fields: sorted by key (so two lines that list
 * the same fields differently make the same columns), and for a key written twice in one line
 * only the last value (as InfluxDB stores it). Reused per line; confined to the converting
 * thread.
 */
final class FieldOrder {
    private int[] order = new int[16];
    private int count;

    /** Computes the order for {@code point}; read it with {@link #count()} and {@link #at(int)}. */
    void compute(LinePoint point) {
        int n = point.fieldCount();
        if (order.length < n) {
            order = new int[Math.max(n, order.length * 2)];
        }
        // Stable insertion sort by key: equal keys keep input order. Lines have few fields.
        for (int i = 0; i < n; i++) {
            String key = point.fieldKey(i);
            int j = i - 1;
            while (j >= 0 && point.fieldKey(order[j]).compareTo(key) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = i;
        }
        // Keep the last of each run of equal keys.
        int out = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && point.fieldKey(order[i + 1]).equals(point.fieldKey(order[i]))) {
                continue;
            }
            order[out++] = order[i];
        }
        count = out;
    }

    int count() {
        return count;
    }

    int at(int i) {
        return order[i];
    }
}
