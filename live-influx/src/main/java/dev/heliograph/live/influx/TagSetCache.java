package dev.heliograph.live.influx;

import java.util.function.Function;

/**
 * Remembers a value made from each recent tag set (the labels text in labels_column, the shared
 * labels in wide), so a body where the same tags repeat (every Telegraf body) makes it once per
 * tag set. Keyed by the tag strings as the parser gave them (in input order; repeats are usually
 * the same instances, and {@code equals} covers the rest). Up to 192 tag sets, then it starts
 * over; per conversion; confined to its thread.
 *
 * @param <V> the value made per tag set
 */
final class TagSetCache<V> {
    private static final int BITS = 8;
    private static final int SLOTS = 1 << BITS;

    private final Function<LinePoint, V> maker;
    private final String[][] tags = new String[SLOTS][];
    private final Object[] values = new Object[SLOTS];
    private int used;

    /** {@code maker} makes the value of the point's tag set when it is not cached. */
    TagSetCache(Function<LinePoint, V> maker) {
        this.maker = maker;
    }

    @SuppressWarnings("unchecked")
    V get(LinePoint point) {
        int n = point.tagCount();
        int h = n;
        for (int i = 0; i < n; i++) {
            h = 31 * (31 * h + point.tagKey(i).hashCode()) + point.tagValue(i).hashCode();
        }
        // Open addressing, linear probing: every tag set of a body stays until the table is
        // full, then the table starts over (no two tag sets evict each other line after line).
        int slot = (h * 0x9E3779B9) >>> (32 - BITS);
        for (int probe = 0; probe < SLOTS; probe++, slot = (slot + 1) & (SLOTS - 1)) {
            String[] cached = tags[slot];
            if (cached == null) {
                break;
            }
            if (cached.length == 2 * n && same(cached, point)) {
                return (V) values[slot];
            }
        }
        if (used == SLOTS * 3 / 4) {
            java.util.Arrays.fill(tags, null);
            java.util.Arrays.fill(values, null);
            used = 0;
            slot = (h * 0x9E3779B9) >>> (32 - BITS);
        }
        while (tags[slot] != null) {
            slot = (slot + 1) & (SLOTS - 1);
        }
        V value = maker.apply(point);
        String[] key = new String[2 * n];
        for (int i = 0; i < n; i++) {
            key[2 * i] = point.tagKey(i);
            key[2 * i + 1] = point.tagValue(i);
        }
        tags[slot] = key;
        values[slot] = value;
        used++;
        return value;
    }

    private static boolean same(String[] cached, LinePoint point) {
        for (int i = 0, n = point.tagCount(); i < n; i++) {
            String key = point.tagKey(i);
            String value = point.tagValue(i);
            if ((cached[2 * i] != key && !cached[2 * i].equals(key))
                    || (cached[2 * i + 1] != value && !cached[2 * i + 1].equals(value))) {
                return false;
            }
        }
        return true;
    }
}
