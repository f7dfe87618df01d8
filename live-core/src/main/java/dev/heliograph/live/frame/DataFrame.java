package dev.heliograph.live.frame;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.json.RawJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A data frame: the table every panel understands. Columns are {@link Field}s of equal length;
 * the frame also has an optional name, a query {@code refId} and a {@code meta} JSON object.
 * {@link FrameJson} writes it in the frame JSON format (schema, data, or both).
 *
 * <p>Made with {@link #builder()} by converters (line protocol, push endpoints) and stream
 * handlers. Building checks that all fields have the same number of rows and freezes the fields,
 * so a built frame is read-only: once published (through a queue, a final field, a concurrent
 * map) it can be read and encoded from any number of threads.
 */
public final class DataFrame {
    private final String name;
    private final String refId;
    private final @Nullable RawJson meta;
    private final List<Field> fields;
    private final int rowCount;

    private DataFrame(Builder b) {
        this.name = b.name;
        this.refId = b.refId;
        this.meta = b.meta;
        this.fields = Collections.unmodifiableList(new ArrayList<>(b.fields));
        this.rowCount = checkRowCounts(this.fields);
        for (Field f : this.fields) {
            f.freeze();
        }
    }

    /** A builder for a frame with no name, refId or meta, and no fields yet. */
    public static Builder builder() {
        return new Builder();
    }

    /** A frame with just these fields (all of the same length). */
    public static DataFrame of(Field... fields) {
        Builder b = builder();
        for (Field f : fields) {
            b.field(f);
        }
        return b.build();
    }

    /** The name; empty when the frame has none (the JSON then omits it). */
    public String name() {
        return name;
    }

    /** The query refId; empty when the frame has none (the JSON then omits it). */
    public String refId() {
        return refId;
    }

    /** The {@code meta} JSON, or {@code null} when there is none. */
    public @Nullable RawJson meta() {
        return meta;
    }

    /** The fields, in column order; unmodifiable. */
    public List<Field> fields() {
        return fields;
    }

    /** The field at column {@code index}. */
    public Field field(int index) {
        return fields.get(index);
    }

    /** The first field named {@code name}. */
    public Optional<Field> field(String name) {
        requireNonNull(name, "name");
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The number of rows (0 for a frame without fields). */
    public int rowCount() {
        return rowCount;
    }

    /**
     * A builder for a new frame with the same name, refId, meta, and fields of the same name,
     * type, nullability, labels and config, but no rows. For the next batch of a stream.
     */
    public Builder emptyCopy() {
        Builder b = builder().name(name).refId(refId).meta(meta);
        for (Field f : fields) {
            b.field(f.emptyCopy());
        }
        return b;
    }

    @Override
    public String toString() {
        return "DataFrame[" + (name.isEmpty() ? "" : "name=" + name + ", ") + (refId.isEmpty() ? "" : "refId=" + refId
                + ", ") + rowCount + " rows, fields=" + fields + "]";
    }

    static int checkRowCounts(List<Field> fields) {
        if (fields.isEmpty()) {
            return 0;
        }
        Field first = fields.get(0);
        int rows = first.size();
        for (int i = 1; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (f.size() != rows) {
                throw new IllegalStateException("field '" + f.name() + "' (column " + i + ") has " + f.size()
                        + " rows but field '" + first.name() + "' (column 0) has " + rows
                        + ": every field of a frame must have the same number of rows");
            }
        }
        return rows;
    }

    /**
     * Collects a frame's parts; {@link #build()} validates them. Not thread-safe; one builder
     * makes one frame.
     */
    public static final class Builder {
        private String name = "";
        private String refId = "";
        private @Nullable RawJson meta;
        private final List<Field> fields = new ArrayList<>();
        private boolean built;

        private Builder() {}

        /** The frame name ({@code ""} for none). */
        public Builder name(String name) {
            this.name = requireNonNull(name, "name");
            return this;
        }

        /** The query refId ({@code ""} for none). */
        public Builder refId(String refId) {
            this.refId = requireNonNull(refId, "refId");
            return this;
        }

        /** The {@code meta} JSON object, written as it is; {@code null} for none. */
        public Builder meta(@Nullable RawJson meta) {
            this.meta = meta;
            return this;
        }

        /** Adds a column. The field is frozen by {@link #build()}. */
        public Builder field(Field field) {
            requireNonNull(field, "field");
            fields.add(field);
            return this;
        }

        /** Adds columns, in order. */
        public Builder fields(List<Field> fields) {
            requireNonNull(fields, "fields");
            fields.forEach(this::field);
            return this;
        }

        /**
         * Builds the frame and freezes its fields.
         *
         * <p>A field that already belongs to another built frame may be added again: it is
         * read-only, so frames can share it.
         *
         * @throws IllegalStateException when fields differ in length (naming the field and both
         *     lengths), when the same field object is given twice, or when this builder was
         *     already used
         */
        public DataFrame build() {
            if (built) {
                throw new IllegalStateException("this DataFrame.Builder already built a frame: use a new builder");
            }
            IdentityHashMap<Field, Boolean> seen = new IdentityHashMap<>(fields.size());
            for (Field f : fields) {
                if (seen.put(f, Boolean.TRUE) != null) {
                    throw new IllegalStateException("field '" + f.name()
                            + "' was added twice: a frame needs one Field object per column");
                }
            }
            DataFrame frame = new DataFrame(this);
            built = true;
            return frame;
        }
    }
}
