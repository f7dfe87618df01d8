package dev.heliograph.live.influx;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One parsed line, as a reusable view handed to {@link PointHandler#onPoint}. The parser fills
 * the same instance for every line of a body, so nothing here outlives the callback; read
 * the parts by index (tags and fields keep their input order, duplicates included) or take an
 * immutable copy with {@link #toPoint()}.
 *
 * <p>Names (measurement, tag keys and values, field keys) are already unescaped and usually
 * shared {@code String} instances from the parser's name cache. Confined to the parsing thread.
 */
public final class LinePoint {
    @SuppressWarnings("NullAway.Init") // set by the scanner for every point it hands out
    private String measurement;
    private int line;
    private int tagCount;
    private String[] tagKeys = new String[8];
    private String[] tagValues = new String[8];
    private int fieldCount;
    private String[] fieldKeys = new String[16];
    private FieldKind[] kinds = new FieldKind[16];
    private double[] doubles = new double[16];
    private long[] longs = new long[16];
    private String[] strings = new String[16];
    private boolean hasTimestamp;
    private long timestamp;

    LinePoint() {
    }

    @SuppressWarnings("NullAway") // cleared between lines; the scanner sets it before the point is seen
    void reset(int line) {
        this.line = line;
        this.measurement = null;
        this.tagCount = 0;
        this.fieldCount = 0;
        this.hasTimestamp = false;
        this.timestamp = 0;
    }

    void measurement(String name) {
        this.measurement = name;
    }

    void addTag(String key, String value) {
        if (tagCount == tagKeys.length) {
            tagKeys = java.util.Arrays.copyOf(tagKeys, tagCount * 2);
            tagValues = java.util.Arrays.copyOf(tagValues, tagCount * 2);
        }
        tagKeys[tagCount] = key;
        tagValues[tagCount] = value;
        tagCount++;
    }

    private int newField(String key, FieldKind kind) {
        if (fieldCount == fieldKeys.length) {
            int n = fieldCount * 2;
            fieldKeys = java.util.Arrays.copyOf(fieldKeys, n);
            kinds = java.util.Arrays.copyOf(kinds, n);
            doubles = java.util.Arrays.copyOf(doubles, n);
            longs = java.util.Arrays.copyOf(longs, n);
            strings = java.util.Arrays.copyOf(strings, n);
        }
        fieldKeys[fieldCount] = key;
        kinds[fieldCount] = kind;
        strings[fieldCount] = null;
        return fieldCount++;
    }

    // Each add takes the index first, then names the array: in {@code doubles[newField(..)] = v}
    // Java reads the array reference before newField runs, so a grown array would be missed.

    void addFloat(String key, double value) {
        int i = newField(key, FieldKind.FLOAT);
        doubles[i] = value;
    }

    void addInteger(String key, long value) {
        int i = newField(key, FieldKind.INTEGER);
        longs[i] = value;
    }

    void addUnsigned(String key, long bits) {
        int i = newField(key, FieldKind.UNSIGNED);
        longs[i] = bits;
    }

    void addBoolean(String key, boolean value) {
        int i = newField(key, FieldKind.BOOLEAN);
        longs[i] = value ? 1 : 0;
    }

    void addString(String key, String value) {
        int i = newField(key, FieldKind.STRING);
        strings[i] = value;
    }

    void timestamp(long nanos) {
        this.hasTimestamp = true;
        this.timestamp = nanos;
    }

    /** The measurement name, unescaped. */
    public String measurement() {
        return measurement;
    }

    /** The 1-based line of the body where this point starts. */
    public int line() {
        return line;
    }

    public int tagCount() {
        return tagCount;
    }

    public String tagKey(int i) {
        checkTag(i);
        return tagKeys[i];
    }

    public String tagValue(int i) {
        checkTag(i);
        return tagValues[i];
    }

    public int fieldCount() {
        return fieldCount;
    }

    public String fieldKey(int i) {
        checkField(i);
        return fieldKeys[i];
    }

    public FieldKind fieldKind(int i) {
        checkField(i);
        return kinds[i];
    }

    /** The value of a {@link FieldKind#FLOAT} field. */
    public double floatValue(int i) {
        expect(i, FieldKind.FLOAT);
        return doubles[i];
    }

    /**
     * The value of an {@link FieldKind#INTEGER} field, or the bits of an
     * {@link FieldKind#UNSIGNED} one (read them with {@link Long#toUnsignedString(long)}).
     */
    public long longValue(int i) {
        checkField(i);
        if (kinds[i] != FieldKind.INTEGER && kinds[i] != FieldKind.UNSIGNED) {
            throw wrongKind(i, "INTEGER or UNSIGNED");
        }
        return longs[i];
    }

    public boolean booleanValue(int i) {
        expect(i, FieldKind.BOOLEAN);
        return longs[i] != 0;
    }

    public String stringValue(int i) {
        expect(i, FieldKind.STRING);
        return strings[i];
    }

    /**
     * Any numeric field (FLOAT, INTEGER, UNSIGNED) as a double; precision may be lost beyond
     * 2^53, as in every float64 column.
     */
    public double numberAsDouble(int i) {
        checkField(i);
        switch (kinds[i]) {
            case FLOAT:
                return doubles[i];
            case INTEGER:
                return longs[i];
            case UNSIGNED:
                return unsignedToDouble(longs[i]);
            default:
                throw wrongKind(i, "a number");
        }
    }

    /** True when the line carried a timestamp. */
    public boolean hasTimestamp() {
        return hasTimestamp;
    }

    /** The timestamp in nanoseconds since the epoch (may be negative); 0 when absent. */
    public long timestamp() {
        return timestamp;
    }

    /** An immutable copy of this point, for callers that keep points beyond the callback. */
    public Point toPoint() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < tagCount; i++) {
            tags.put(tagKeys[i], tagValues[i]);
        }
        List<Point.Field> fields = new ArrayList<>(fieldCount);
        for (int i = 0; i < fieldCount; i++) {
            fields.add(new Point.Field(fieldKeys[i], kinds[i], boxed(i)));
        }
        return new Point(measurement, tags, fields,
                hasTimestamp ? OptionalLong.of(timestamp) : OptionalLong.empty(), line);
    }

    private Object boxed(int i) {
        switch (kinds[i]) {
            case FLOAT:
                return doubles[i];
            case INTEGER:
                return longs[i];
            case UNSIGNED:
                return new BigInteger(Long.toUnsignedString(longs[i]));
            case BOOLEAN:
                return longs[i] != 0;
            default:
                return strings[i];
        }
    }

    static double unsignedToDouble(long bits) {
        double d = (double) (bits & Long.MAX_VALUE);
        return bits < 0 ? d + 0x1.0p63 : d;
    }

    private void checkTag(int i) {
        if (i < 0 || i >= tagCount) {
            throw new IndexOutOfBoundsException("tag " + i + " of " + tagCount);
        }
    }

    private void checkField(int i) {
        if (i < 0 || i >= fieldCount) {
            throw new IndexOutOfBoundsException("field " + i + " of " + fieldCount);
        }
    }

    private void expect(int i, FieldKind kind) {
        checkField(i);
        if (kinds[i] != kind) {
            throw wrongKind(i, kind.name());
        }
    }

    private IllegalStateException wrongKind(int i, String wanted) {
        return new IllegalStateException("field \"" + fieldKeys[i] + "\" is " + kinds[i]
                + ", not " + wanted + "; check fieldKind(i) first");
    }
}
