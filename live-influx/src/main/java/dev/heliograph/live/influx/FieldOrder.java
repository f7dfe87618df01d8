package dev.heliograph.live.influx;

/**
 * The order in which the converter takes a line's fields: sorted by key (so two lines that list
 * the same fields differently make the same columns), and for a key written twice in one line
 * only the last value (as InfluxDB stores it). Reused per line, one per measurement (whose lines
 * usually repeat their keys, so the order is kept rather than recomputed); confined to the
 * converting thread.
 */
final class FieldOrder {
    private int[] order = new int[16];
    private int count;
    private String[] lastKeys = new String[16];
    private int lastKeyCount = -1;

    /**
     * Computes the order for {@code point}; read it with {@link #count()} and {@link #at(int)}.
     * Returns false, having done nothing, when the point has the very key instances of the last
     * point given (the order depends on the keys alone, and the parser reuses their strings).
     */
    boolean compute(LinePoint point) {
        int n = point.fieldCount();
        if (n == lastKeyCount && sameKeys(point, n)) {
            return false;
        }
        if (order.length < n) {
            order = new int[Math.max(n, order.length * 2)];
        }
        if (lastKeys.length < n) {
            lastKeys = new String[Math.max(n, lastKeys.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            lastKeys[i] = point.fieldKey(i);
        }
        lastKeyCount = n;
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
        return true;
    }

    private boolean sameKeys(LinePoint point, int n) {
        for (int i = 0; i < n; i++) {
            if (point.fieldKey(i) != lastKeys[i]) {
                return false;
            }
        }
        return true;
    }

    int count() {
        return count;
    }

    int at(int i) {
        return order[i];
    }
}
