package dev.heliograph.live.influx;

/**
 * Remembers the labels text of recent tag sets, so a body where the same tags repeat (every
 * Telegraf body) builds each {@code k=v, k2=v2} string once. Keyed by the tag strings as the
 * parser gave them (in input order; the name cache makes repeats the same instances, and
 * {@code equals} covers the rest). Direct-mapped, per conversion; confined to its thread.
 */
final class LabelTextCache {
    private static final int SLOTS = 64;

    private final String[][] tags = new String[SLOTS][];
    private final String[] texts = new String[SLOTS];

    String get(LinePoint point, Labels labels) {
        int n = point.tagCount();
        int h = n;
        for (int i = 0; i < n; i++) {
            h = 31 * (31 * h + point.tagKey(i).hashCode()) + point.tagValue(i).hashCode();
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        String[] cached = tags[slot];
        if (cached != null && cached.length == 2 * n && same(cached, point)) {
            return texts[slot];
        }
        labels.compute(point);
        String text = labels.text();
        String[] key = new String[2 * n];
        for (int i = 0; i < n; i++) {
            key[2 * i] = point.tagKey(i);
            key[2 * i + 1] = point.tagValue(i);
        }
        tags[slot] = key;
        texts[slot] = text;
        return text;
    }

    private static boolean same(String[] cached, LinePoint point) {
        for (int i = 0, n = point.tagCount(); i < n; i++) {
            if (!cached[2 * i].equals(point.tagKey(i)) || !cached[2 * i + 1].equals(point.tagValue(i))) {
                return false;
            }
        }
        return true;
    }
}
