package dev.heliograph.live.influx;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the bytes of a name (measurement, tag key or value, field key) into a {@code String},
 * reusing the instance made the last time the same bytes were seen. A direct-mapped table of
 * immutable entries: bounded in size, no eviction bookkeeping, and safe to share between
 * threads without locks (a racy slot write loses at worst one cache hit, never correctness,
 * because entries are immutable and published through final fields).
 */
final class NameCache {
    private static final int MAX_CACHED_BYTES = 64;

    private final Entry[] slots;
    private final int mask;

    NameCache(int slotsPowerOfTwo) {
        if (Integer.bitCount(slotsPowerOfTwo) != 1) {
            throw new IllegalArgumentException("cache size must be a power of two, was "
                    + slotsPowerOfTwo);
        }
        this.slots = new Entry[slotsPowerOfTwo];
        this.mask = slotsPowerOfTwo - 1;
    }

    String get(byte[] buf, int off, int len) {
        int h = 1;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + buf[i];
        }
        return get(buf, off, len, h);
    }

    /**
     * As {@link #get(byte[], int, int)}, with the hash the caller computed while scanning:
     * {@code h = 31 * h + b} over the bytes, starting from 1.
     */
    String get(byte[] buf, int off, int len, int hash) {
        if (len > MAX_CACHED_BYTES) {
            return new String(buf, off, len, StandardCharsets.UTF_8);
        }
        int h = hash ^ (hash >>> 16);
        int idx = h & mask;
        Entry e = slots[idx];
        if (e != null && e.hash == h && e.bytes.length == len && Bytes.equal(e.bytes, 0, buf, off, len)) {
            return e.value;
        }
        String s = new String(buf, off, len, StandardCharsets.UTF_8);
        slots[idx] = new Entry(Arrays.copyOfRange(buf, off, off + len), s, h);
        return s;
    }

    private static final class Entry {
        final byte[] bytes;
        final String value;
        final int hash;

        Entry(byte[] bytes, String value, int hash) {
            this.bytes = bytes;
            this.value = value;
            this.hash = hash;
        }
    }
}
