package dev.heliograph.live.influx;

import java.util.Locale;

/**
 * Counts the cells the frames of one body take and stops the conversion when they would pass
 * {@link #limitFor(int) the body's limit}, the larger of {@value #MIN_CELLS} and
 * {@value #CELLS_PER_BODY_BYTE} per body byte.
 *
 * <p>Why cells: what a push keeps and encodes grows with them (a value slot, a null bit, and
 * the value or {@code null} in the schema-and-data JSON the cache keeps and the data JSON
 * subscribers get: about 40 bytes of heap each, measured), while the body can be tiny. A
 * {@code labels_column} frame has a cell for every row and field column, nulls included, so lines
 * that each bring a new field make rows x columns cells from a body that only grows linearly
 * (97 KB of {@code m fN=1} lines made 96 million cells). A {@code wide} frame has no empty cells
 * but writes each line's tags into the schema of each of its columns, so a column counts one
 * cell plus one per {@value #LABEL_CHARS_PER_CELL} characters of its tags text.
 *
 * <p>Why this limit: real Telegraf bodies use far less (the default inputs take 0.07 cells per
 * body byte in labels_column, 0.08 in wide; the sparsest common frame, {@code net} with one
 * line per interface beside its ~90-field protocol summary line, tends to 0.4 with thousands of
 * interfaces), so one cell per byte leaves them room, while the heap a push takes stays under
 * about 60 times its body (measured: a 1 MB body spending its whole budget on nulls peaked at
 * 55 MB); {@value #MIN_CELLS} cells (a few MB) let small bodies be as sparse as they like.
 *
 * <p>One per conversion; confined to the converting thread.
 */
final class CellBudget {
    /** Cells any body may use, however small. */
    static final long MIN_CELLS = 100_000;
    /** Cells allowed per byte of body beyond {@link #MIN_CELLS}. */
    static final long CELLS_PER_BODY_BYTE = 1;
    /** In wide frames, characters of a column's tags text that count as one more cell. */
    static final int LABEL_CHARS_PER_CELL = 16;

    private final long limit;
    private final int bodyBytes;
    private long used;

    CellBudget(int bodyBytes) {
        this.bodyBytes = bodyBytes;
        this.limit = limitFor(bodyBytes);
    }

    /** The cells a body of {@code bodyBytes} bytes may make. */
    static long limitFor(int bodyBytes) {
        return Math.max(MIN_CELLS, CELLS_PER_BODY_BYTE * bodyBytes);
    }

    /** Counts {@code cells} more; false (having counted them) when the total passes the limit. */
    boolean take(long cells) {
        used += cells;
        return used <= limit;
    }

    /**
     * The exception for a body that went over at {@code line}; {@code why} says what grew and
     * {@code remedy} what the sender can do.
     */
    FrameLimitException exceeded(int line, String why, String remedy) {
        return new FrameLimitException(line, limit, "the frames of this body would hold more than "
                + count(limit) + " cells, the limit for a body of " + count(bodyBytes) + " bytes (the larger of "
                + count(MIN_CELLS) + " and " + CELLS_PER_BODY_BYTE + " per body byte): " + why + ". " + remedy);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
