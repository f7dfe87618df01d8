package dev.heliograph.live.frame;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.json.RawJson;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One column of a {@link DataFrame}: a name, a {@link FieldType}, a nullable flag, labels, an
 * optional display config, and the values.
 *
 * <p>Values live in a primitive array that grows as converters append (a {@code double[]} for
 * FLOAT64, a {@code long[]} for INT64 and for TIME as epoch nanoseconds, a {@code boolean[]}, a
 * {@code String[]}), plus a null bitmap when the field is nullable. Appending and reading never
 * box a number.
 *
 * <p>A field is filled by one thread (a converter, a stream handler), then handed to
 * {@link DataFrame.Builder#field}. Building the frame freezes the field: later appends throw.
 * A frozen field, published with its frame, may be read from any thread. An unfrozen field is
 * not thread-safe.
 */
@SuppressWarnings("NullAway.Init") // the constructor allocates the one value array the field's type uses
public final class Field {
    private static final int INITIAL_CAPACITY = 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final String name;
    private final FieldType type;
    private final boolean nullable;
    private SortedMap<String, String> labels = Collections.emptySortedMap();
    private @Nullable RawJson config;

    private double[] doubles;
    private long[] longs;
    private boolean[] bools;
    private String[] strings;
    private long[] nullBits;
    private int size;
    private boolean frozen;

    private Field(String name, FieldType type, boolean nullable, int capacity) {
        this.name = requireNonNull(name, "name");
        this.type = requireNonNull(type, "type");
        this.nullable = nullable;
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        int cap = Math.max(capacity, 1);
        switch (type) {
            case FLOAT64 -> doubles = new double[cap];
            case INT64, TIME -> longs = new long[cap];
            case BOOL -> bools = new boolean[cap];
            case STRING -> strings = new String[cap];
        }
        if (nullable) {
            nullBits = new long[(cap + 63) >>> 6];
        }
    }

    /** A new empty field of any type. {@code name} may be empty (the JSON then omits it). */
    public static Field of(String name, FieldType type, boolean nullable) {
        return new Field(name, type, nullable, INITIAL_CAPACITY);
    }

    /** {@link #of} with room for {@code capacity} values before the arrays grow. */
    public static Field of(String name, FieldType type, boolean nullable, int capacity) {
        return new Field(name, type, nullable, capacity);
    }

    /** A non-nullable TIME field. */
    public static Field time(String name) {
        return of(name, FieldType.TIME, false);
    }

    /** A TIME field. */
    public static Field time(String name, boolean nullable) {
        return of(name, FieldType.TIME, nullable);
    }

    /** A non-nullable FLOAT64 field. */
    public static Field float64(String name) {
        return of(name, FieldType.FLOAT64, false);
    }

    /** A FLOAT64 field. */
    public static Field float64(String name, boolean nullable) {
        return of(name, FieldType.FLOAT64, nullable);
    }

    /** A non-nullable INT64 field. */
    public static Field int64(String name) {
        return of(name, FieldType.INT64, false);
    }

    /** An INT64 field. */
    public static Field int64(String name, boolean nullable) {
        return of(name, FieldType.INT64, nullable);
    }

    /** A non-nullable STRING field. */
    public static Field string(String name) {
        return of(name, FieldType.STRING, false);
    }

    /** A STRING field. */
    public static Field string(String name, boolean nullable) {
        return of(name, FieldType.STRING, nullable);
    }

    /** A non-nullable BOOL field. */
    public static Field bool(String name) {
        return of(name, FieldType.BOOL, false);
    }

    /** A BOOL field. */
    public static Field bool(String name, boolean nullable) {
        return of(name, FieldType.BOOL, nullable);
    }

    /**
     * Sets the labels (copied and sorted by key; an empty map means none, and the JSON then
     * omits {@code labels}).
     *
     * @return this field
     */
    public Field labels(Map<String, String> labels) {
        requireNonNull(labels, "labels");
        checkNotFrozen("set labels");
        TreeMap<String, String> copy = new TreeMap<>();
        labels.forEach((k, v) -> copy.put(
                requireNonNull(k, "label name"), requireNonNull(v, () -> "value of label " + k)));
        this.labels = copy.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(copy);
        return this;
    }

    /**
     * Gives this field the labels of {@code other}, sharing its map instead of copying it (label
     * maps are immutable): for converters that label many fields alike, such as one column per
     * field of a line, all with the line's tags.
     *
     * @return this field
     */
    public Field labelsFrom(Field other) {
        requireNonNull(other, "other");
        checkNotFrozen("set labels");
        this.labels = other.labels;
        return this;
    }

    /**
     * Sets the display config, a JSON object written as the schema's {@code config} as it is
     * (for example {@code {"unit":"celsius"}}); {@code null} removes it.
     *
     * @return this field
     */
    public Field config(@Nullable RawJson config) {
        checkNotFrozen("set config");
        this.config = config;
        return this;
    }

    public String name() {
        return name;
    }

    public FieldType type() {
        return type;
    }

    public boolean nullable() {
        return nullable;
    }

    /** The labels, sorted by key, unmodifiable; empty when the field has none. */
    public SortedMap<String, String> labels() {
        return labels;
    }

    /** The display config JSON, or {@code null} when there is none. */
    public @Nullable RawJson config() {
        return config;
    }

    /** The number of values. */
    public int size() {
        return size;
    }

    /** True once the field belongs to a built {@link DataFrame}: it can no longer change. */
    public boolean frozen() {
        return frozen;
    }

    // ---- appending -----------------------------------------------------------------------

    /** Appends a FLOAT64 value (NaN and infinities included). */
    public Field appendDouble(double value) {
        checkAppend(FieldType.FLOAT64, "appendDouble");
        ensureCapacity();
        doubles[size++] = value;
        return this;
    }

    /** Appends an INT64 value. */
    public Field appendLong(long value) {
        checkAppend(FieldType.INT64, "appendLong");
        ensureCapacity();
        longs[size++] = value;
        return this;
    }

    /** Appends a TIME value given as nanoseconds since the epoch. */
    public Field appendTimeNanos(long epochNanos) {
        checkAppend(FieldType.TIME, "appendTimeNanos");
        ensureCapacity();
        longs[size++] = epochNanos;
        return this;
    }

    /** Appends a TIME value given as milliseconds since the epoch. */
    public Field appendTimeMillis(long epochMillis) {
        return appendTimeNanos(Math.multiplyExact(epochMillis, NANOS_PER_MILLI));
    }

    /**
     * Appends a TIME value ({@code null} appends a null on a nullable field).
     *
     * @throws ArithmeticException for instants outside about 1677-2262, which epoch
     *     nanoseconds in a {@code long} cannot hold
     */
    public Field appendTime(Instant instant) {
        if (instant == null) {
            return appendNullOf(FieldType.TIME, "appendTime");
        }
        long nanos = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
        return appendTimeNanos(nanos);
    }

    /** Appends a STRING value ({@code null} appends a null on a nullable field). */
    public Field appendString(String value) {
        if (value == null) {
            return appendNullOf(FieldType.STRING, "appendString");
        }
        checkAppend(FieldType.STRING, "appendString");
        ensureCapacity();
        strings[size++] = value;
        return this;
    }

    /** Appends a BOOL value. */
    public Field appendBool(boolean value) {
        checkAppend(FieldType.BOOL, "appendBool");
        ensureCapacity();
        bools[size++] = value;
        return this;
    }

    /**
     * Appends a null.
     *
     * @throws IllegalStateException when the field is not nullable
     */
    public Field appendNull() {
        checkNotFrozen("appendNull");
        if (!nullable) {
            throw new IllegalStateException("field '" + name + "' (" + type
                    + ") is not nullable, so it cannot hold a null at row " + size
                    + ": create it nullable (for example Field." + factoryName() + "(\"" + name
                    + "\", true)) or append a value");
        }
        ensureCapacity();
        nullBits[size >>> 6] |= 1L << size;
        size++;
        return this;
    }

    private Field appendNullOf(FieldType expected, String method) {
        checkAppend(expected, method);
        return appendNull();
    }

    // ---- reading ---------------------------------------------------------------------------

    /** True when row {@code row} holds a null (always false on a non-nullable field). */
    public boolean isNull(int row) {
        checkRow(row);
        return nullable && (nullBits[row >>> 6] & (1L << row)) != 0;
    }

    /** The FLOAT64 value at {@code row} (0 for a null). */
    public double doubleAt(int row) {
        checkRead(FieldType.FLOAT64, "doubleAt", row);
        return doubles[row];
    }

    /** The INT64 value at {@code row} (0 for a null). */
    public long longAt(int row) {
        checkRead(FieldType.INT64, "longAt", row);
        return longs[row];
    }

    /** The TIME value at {@code row} as epoch nanoseconds (0 for a null). */
    public long timeNanosAt(int row) {
        checkRead(FieldType.TIME, "timeNanosAt", row);
        return longs[row];
    }

    /** The TIME value at {@code row}, or {@code null} for a null. */
    public @Nullable Instant timeAt(int row) {
        long nanos = timeNanosAt(row);
        if (isNull(row)) {
            return null;
        }
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    /** The STRING value at {@code row}, or {@code null} for a null. */
    public String stringAt(int row) {
        checkRead(FieldType.STRING, "stringAt", row);
        return strings[row];
    }

    /** The BOOL value at {@code row} (false for a null). */
    public boolean boolAt(int row) {
        checkRead(FieldType.BOOL, "boolAt", row);
        return bools[row];
    }

    /**
     * The value at {@code row}, boxed: Double, Long, Instant, String, Boolean or {@code null}.
     * For tests and debugging; encoders use the typed getters.
     */
    public @Nullable Object valueAt(int row) {
        if (isNull(row)) {
            return null;
        }
        return switch (type) {
            case FLOAT64 -> doubles[row];
            case INT64 -> longs[row];
            case TIME -> timeAt(row);
            case STRING -> strings[row];
            case BOOL -> bools[row];
        };
    }

    /** Replaces the FLOAT64 value at {@code row}; for the decoder's NaN/Inf entities. */
    void setDouble(int row, double value) {
        checkRead(FieldType.FLOAT64, "setDouble", row);
        checkNotFrozen("setDouble");
        if (nullable) {
            nullBits[row >>> 6] &= ~(1L << row);
        }
        doubles[row] = value;
    }

    /** Replaces the TIME value at {@code row}; for the decoder's {@code nanos}. */
    void setTimeNanos(int row, long epochNanos) {
        checkRead(FieldType.TIME, "setTimeNanos", row);
        checkNotFrozen("setTimeNanos");
        longs[row] = epochNanos;
    }

    /** Direct access for the encoder: the arrays are read, never written, and sized >= size(). */
    double[] rawDoubles() {
        return doubles;
    }

    long[] rawLongs() {
        return longs;
    }

    boolean[] rawBools() {
        return bools;
    }

    String[] rawStrings() {
        return strings;
    }

    /** The null bitmap (bit {@code row % 64} of word {@code row / 64}), or null when not nullable. */
    long[] rawNullBits() {
        return nullBits;
    }

    void freeze() {
        frozen = true;
    }

    /** A new unfrozen field with the same name, type, nullability, labels and config, and no values. */
    public Field emptyCopy() {
        Field copy = new Field(name, type, nullable, INITIAL_CAPACITY);
        copy.labels = labels;
        copy.config = config;
        return copy;
    }

    @Override
    public String toString() {
        return "Field[" + (name.isEmpty() ? "<unnamed>" : name) + ", " + type + (nullable ? " nullable" : "")
                + ", " + size + " rows" + (labels.isEmpty() ? "" : ", labels=" + labels) + "]";
    }

    // ---- internals ---------------------------------------------------------------------------

    private void ensureCapacity() {
        int capacity = switch (type) {
            case FLOAT64 -> doubles.length;
            case INT64, TIME -> longs.length;
            case BOOL -> bools.length;
            case STRING -> strings.length;
        };
        if (size < capacity) {
            return;
        }
        if (capacity >= Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("field '" + name + "' is full at " + size + " rows");
        }
        int grown = (int) Math.min((long) capacity + (capacity >> 1) + 1, Integer.MAX_VALUE - 8);
        switch (type) {
            case FLOAT64 -> doubles = Arrays.copyOf(doubles, grown);
            case INT64, TIME -> longs = Arrays.copyOf(longs, grown);
            case BOOL -> bools = Arrays.copyOf(bools, grown);
            case STRING -> strings = Arrays.copyOf(strings, grown);
        }
        if (nullable) {
            int words = (grown + 63) >>> 6;
            if (words > nullBits.length) {
                nullBits = Arrays.copyOf(nullBits, words);
            }
        }
    }

    private void checkAppend(FieldType expected, String method) {
        checkNotFrozen(method);
        if (type != expected) {
            throw wrongType(expected, method);
        }
    }

    private void checkRead(FieldType expected, String method, int row) {
        if (type != expected) {
            throw wrongType(expected, method);
        }
        checkRow(row);
    }

    private void checkRow(int row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " is outside field '" + name + "', which has " + size
                    + " rows");
        }
    }

    private void checkNotFrozen(String action) {
        if (frozen) {
            throw new IllegalStateException("cannot " + action + " on field '" + name
                    + "': it belongs to a built DataFrame and is read-only; use emptyCopy() to start a new one");
        }
    }

    private IllegalStateException wrongType(FieldType expected, String method) {
        return new IllegalStateException(method + " works on " + expected + " fields, but field '" + name + "' is "
                + type + ": use " + appenderFor(type));
    }

    private static String appenderFor(FieldType type) {
        return switch (type) {
            case FLOAT64 -> "appendDouble/doubleAt";
            case INT64 -> "appendLong/longAt";
            case TIME -> "appendTimeNanos/appendTime/timeNanosAt";
            case STRING -> "appendString/stringAt";
            case BOOL -> "appendBool/boolAt";
        };
    }

    private String factoryName() {
        return switch (type) {
            case FLOAT64 -> "float64";
            case INT64 -> "int64";
            case TIME -> "time";
            case STRING -> "string";
            case BOOL -> "bool";
        };
    }
}
