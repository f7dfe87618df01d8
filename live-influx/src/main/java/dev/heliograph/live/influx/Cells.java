package dev.heliograph.live.influx;

import dev.heliograph.live.frame.Field;
import dev.heliograph.live.frame.FieldType;

/**
 * The value rules shared by both frame formats: every number (float, integer, unsigned) is a
 * nullable float64, a boolean a nullable bool, a string a nullable string, except the string
 * {@code "NaN"}, which is a null float64 (some Telegraf builds send NaN that way). Stateless.
 */
final class Cells {
    private Cells() {
    }

    static final String NAN_TEXT = "NaN";

    /** The column type a value of field {@code i} calls for. */
    static FieldType typeOf(LinePoint p, int i) {
        switch (p.fieldKind(i)) {
            case BOOLEAN:
                return FieldType.BOOL;
            case STRING:
                return NAN_TEXT.equals(p.stringValue(i)) ? FieldType.FLOAT64 : FieldType.STRING;
            default:
                return FieldType.FLOAT64;
        }
    }

    /**
     * Appends field {@code i} of the point to {@code column}. A value of the column's type is
     * appended as it is; a value of another type becomes null, or its text when the column is
     * a string (a NaN string is null everywhere).
     */
    static void append(Field column, LinePoint p, int i) {
        FieldKind kind = p.fieldKind(i);
        if (kind == FieldKind.FLOAT && column.type() == FieldType.FLOAT64) {
            column.appendDouble(p.floatValue(i));
            return;
        }
        FieldType wanted = typeOf(p, i);
        if (wanted != column.type()) {
            boolean isNanString = p.fieldKind(i) == FieldKind.STRING;
            if (column.type() == FieldType.STRING && !isNanString) {
                column.appendString(GoValueText.of(p, i));
            } else {
                column.appendNull();
            }
            return;
        }
        switch (p.fieldKind(i)) {
            case BOOLEAN -> column.appendBool(p.booleanValue(i));
            case STRING -> {
                if (wanted == FieldType.FLOAT64) {
                    column.appendNull();
                } else {
                    column.appendString(p.stringValue(i));
                }
            }
            default -> column.appendDouble(p.numberAsDouble(i));
        }
    }

    /** Appends nulls until the column has {@code rows} values. */
    static void padTo(Field column, int rows) {
        while (column.size() < rows) {
            column.appendNull();
        }
    }
}
