package dev.heliograph.live.frame;

import java.util.Locale;

/**
 * The value type of one {@link Field} column. Nullability is not part of the type: it is a flag
 * on the field, as in the frame JSON's {@code typeInfo}.
 *
 * <p>Each type knows its two names in the frame JSON schema: the {@code type} that panels read
 * ({@code time}, {@code number}, {@code string}, {@code boolean}) and the {@code typeInfo.frame}
 * that says the exact storage ({@code time.Time}, {@code float64}, ...). Immutable.
 */
public enum FieldType {
    /** Instants, stored as epoch nanoseconds; written as epoch milliseconds plus {@code nanos}. */
    TIME("time", "time.Time"),
    /** 64-bit floating point; NaN and infinities are written as {@code null} plus {@code entities}. */
    FLOAT64("number", "float64"),
    /** 64-bit signed integers. */
    INT64("number", "int64"),
    /** Text. */
    STRING("string", "string"),
    /** {@code true}/{@code false}. */
    BOOL("boolean", "bool");

    private final String jsonType;
    private final String frameType;

    FieldType(String jsonType, String frameType) {
        this.jsonType = jsonType;
        this.frameType = frameType;
    }

    /** The schema's {@code type}: {@code time}, {@code number}, {@code string} or {@code boolean}. */
    public String jsonType() {
        return jsonType;
    }

    /** The schema's {@code typeInfo.frame}: {@code time.Time}, {@code float64}, {@code int64}, ... */
    public String frameType() {
        return frameType;
    }

    /**
     * The type whose {@link #frameType()} is {@code frameType}.
     *
     * @throws IllegalArgumentException naming the unknown value and the supported ones
     */
    public static FieldType fromFrameType(String frameType) {
        for (FieldType t : values()) {
            if (t.frameType.equals(frameType)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported field type \"" + frameType
                + "\": supported typeInfo.frame values are time.Time, float64, int64, string and bool");
    }

    /**
     * The type for a schema that has only the panel {@code type} ({@code time} → TIME,
     * {@code number} → FLOAT64, {@code string} → STRING, {@code boolean} → BOOL).
     *
     * @throws IllegalArgumentException naming the unknown value and the supported ones
     */
    public static FieldType fromJsonType(String jsonType) {
        return switch (jsonType.toLowerCase(Locale.ROOT)) {
            case "time" -> TIME;
            case "number" -> FLOAT64;
            case "string" -> STRING;
            case "boolean" -> BOOL;
            default -> throw new IllegalArgumentException("unsupported field type \"" + jsonType
                    + "\": supported type values are time, number, string and boolean");
        };
    }
}
