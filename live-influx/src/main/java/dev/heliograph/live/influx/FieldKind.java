package dev.heliograph.live.influx;

/** The type of one field value in a line, as the line protocol writes it. */
public enum FieldKind {
    /** {@code 1}, {@code -1.5}, {@code 1e9}, {@code .5}: an IEEE-754 double. */
    FLOAT,
    /** {@code 42i}: a signed 64-bit integer. */
    INTEGER,
    /** {@code 42u}: an unsigned 64-bit integer (held in a {@code long}, read it unsigned). */
    UNSIGNED,
    /** {@code "text"}: a string in double quotes. */
    STRING,
    /** {@code t, T, true, True, TRUE, f, F, false, False, FALSE}. */
    BOOLEAN
}
