package dev.heliograph.live.influx;

import java.util.Map;
import java.util.TreeMap;

/**
 * A line's tags as labels: sorted by key, a key written twice keeps its last value. Gives the
 * {@code k=v, k2=v2} text of the labels column and the map of a wide column's labels. Reused per
 * line; confined to the converting thread.
 */
final class Labels {
    private String[] keys = new String[8];
    private String[] values = new String[8];
    private int count;
    private final StringBuilder text = new StringBuilder(64);

    void compute(LinePoint point) {
        int n = point.tagCount();
        if (keys.length < n) {
            keys = new String[Math.max(n, keys.length * 2)];
            values = new String[keys.length];
        }
        count = 0;
        for (int i = 0; i < n; i++) {
            String key = point.tagKey(i);
            String value = point.tagValue(i);
            int j = count - 1;
            while (j >= 0 && keys[j].compareTo(key) > 0) {
                j--;
            }
            if (j >= 0 && keys[j].equals(key)) {
                values[j] = value;
                continue;
            }
            System.arraycopy(keys, j + 1, keys, j + 2, count - j - 1);
            System.arraycopy(values, j + 1, values, j + 2, count - j - 1);
            keys[j + 1] = key;
            values[j + 1] = value;
            count++;
        }
    }

    /** {@code k=v, k2=v2} (empty when there are no tags), as the labels column holds it. */
    String text() {
        if (count == 0) {
            return "";
        }
        text.setLength(0);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(keys[i]).append('=').append(values[i]);
        }
        return text.toString();
    }

    Map<String, String> toMap() {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            map.put(keys[i], values[i]);
        }
        return map;
    }
}
