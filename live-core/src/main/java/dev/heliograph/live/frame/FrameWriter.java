package dev.heliograph.live.frame;

import dev.heliograph.live.json.RawJson;
import java.util.List;
import java.util.Map;

/**
 * Writes a frame's schema and data objects into a {@link ByteSink}, in the plugin SDK's key order
 * and omission rules. Used by {@link FrameJson}; stateless.
 */
final class FrameWriter {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private FrameWriter() {}

    /** A starting buffer size that usually avoids regrowing: ~12 bytes per value plus the schema. */
    static int estimate(DataFrame frame, boolean schema, boolean data) {
        long est = 32;
        if (schema) {
            est += 64 + 96L * frame.fields().size();
        }
        if (data) {
            est += 12L * frame.rowCount() * frame.fields().size() + 32;
        }
        return (int) Math.min(est, 1 << 24);
    }

    static void writeSchema(ByteSink out, DataFrame frame) {
        out.writeByte('{');
        boolean started = false;
        if (!frame.name().isEmpty()) {
            out.writeAscii("\"name\":");
            out.writeString(frame.name());
            started = true;
        }
        if (!frame.refId().isEmpty()) {
            if (started) {
                out.writeByte(',');
            }
            out.writeAscii("\"refId\":");
            out.writeString(frame.refId());
            started = true;
        }
        if (frame.meta() != null) {
            if (started) {
                out.writeByte(',');
            }
            out.writeAscii("\"meta\":");
            out.writeBytes(frame.meta().unsafeBytes());
            started = true;
        }
        if (started) {
            out.writeByte(',');
        }
        out.writeAscii("\"fields\":[");
        List<Field> fields = frame.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            writeFieldSchema(out, fields.get(i));
        }
        out.writeAscii("]}");
    }

    private static void writeFieldSchema(ByteSink out, Field f) {
        out.writeByte('{');
        if (!f.name().isEmpty()) {
            out.writeAscii("\"name\":");
            out.writeString(f.name());
            out.writeByte(',');
        }
        out.writeAscii("\"type\":\"");
        out.writeAscii(f.type().jsonType());
        out.writeAscii("\",\"typeInfo\":{\"frame\":\"");
        out.writeAscii(f.type().frameType());
        out.writeAscii(f.nullable() ? "\",\"nullable\":true}" : "\"}");
        if (!f.labels().isEmpty()) {
            out.writeAscii(",\"labels\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : f.labels().entrySet()) {
                if (!first) {
                    out.writeByte(',');
                }
                first = false;
                out.writeString(e.getKey());
                out.writeByte(':');
                out.writeString(e.getValue());
            }
            out.writeByte('}');
        }
        RawJson config = f.config();
        if (config != null) {
            out.writeAscii(",\"config\":");
            out.writeBytes(config.unsafeBytes());
        }
        out.writeByte('}');
    }

    static void writeData(ByteSink out, DataFrame frame) {
        int rows = DataFrame.checkRowCounts(frame.fields());
        List<Field> fields = frame.fields();
        int n = fields.size();
        boolean anyEntities = false;
        boolean anyNanos = false;
        boolean[] flagged = null;
        out.writeAscii("{\"values\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            Field f = fields.get(i);
            boolean flag = switch (f.type()) {
                case FLOAT64 -> writeDoubles(out, f, rows);
                case TIME -> writeTimes(out, f, rows);
                case INT64 -> writeLongs(out, f, rows);
                case STRING -> writeStrings(out, f, rows);
                case BOOL -> writeBools(out, f, rows);
            };
            if (flag) {
                if (flagged == null) {
                    flagged = new boolean[n];
                }
                flagged[i] = true;
                anyEntities |= f.type() == FieldType.FLOAT64;
                anyNanos |= f.type() == FieldType.TIME;
            }
        }
        out.writeByte(']');
        if (anyEntities) {
            out.writeAscii(",\"entities\":[");
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.writeByte(',');
                }
                Field f = fields.get(i);
                if (flagged != null && flagged[i] && f.type() == FieldType.FLOAT64) {
                    writeEntities(out, f, rows);
                } else {
                    out.writeNull();
                }
            }
            out.writeByte(']');
        }
        if (anyNanos) {
            out.writeAscii(",\"nanos\":[");
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.writeByte(',');
                }
                Field f = fields.get(i);
                if (flagged != null && flagged[i] && f.type() == FieldType.TIME) {
                    writeNanos(out, f, rows);
                } else {
                    out.writeNull();
                }
            }
            out.writeByte(']');
        }
        out.writeByte('}');
    }

    private static boolean isNull(long[] nullBits, int row) {
        return nullBits != null && (nullBits[row >>> 6] & (1L << row)) != 0;
    }

    /** Writes the column; returns true when it holds NaN or an infinity. */
    private static boolean writeDoubles(ByteSink out, Field f, int rows) {
        double[] v = f.rawDoubles();
        long[] nulls = f.rawNullBits();
        boolean special = false;
        out.writeByte('[');
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                out.writeByte(',');
            }
            double d = v[r];
            if (isNull(nulls, r)) {
                out.writeNull();
            } else if (Double.isFinite(d)) {
                GoFloat.write(out, d);
            } else {
                out.writeNull();
                special = true;
            }
        }
        out.writeByte(']');
        return special;
    }

    /** Writes epoch milliseconds; returns true when some time has a sub-millisecond part. */
    private static boolean writeTimes(ByteSink out, Field f, int rows) {
        long[] v = f.rawLongs();
        long[] nulls = f.rawNullBits();
        boolean subMillis = false;
        out.writeByte('[');
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                out.writeByte(',');
            }
            if (isNull(nulls, r)) {
                out.writeNull();
                continue;
            }
            long nanos = v[r];
            out.writeLong(Math.floorDiv(nanos, NANOS_PER_MILLI));
            subMillis |= Math.floorMod(nanos, NANOS_PER_MILLI) != 0;
        }
        out.writeByte(']');
        return subMillis;
    }

    private static boolean writeLongs(ByteSink out, Field f, int rows) {
        long[] v = f.rawLongs();
        long[] nulls = f.rawNullBits();
        out.writeByte('[');
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                out.writeByte(',');
            }
            if (isNull(nulls, r)) {
                out.writeNull();
            } else {
                out.writeLong(v[r]);
            }
        }
        out.writeByte(']');
        return false;
    }

    private static boolean writeStrings(ByteSink out, Field f, int rows) {
        String[] v = f.rawStrings();
        out.writeByte('[');
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                out.writeByte(',');
            }
            String s = v[r];
            if (s == null) {
                out.writeNull();
            } else {
                out.writeString(s);
            }
        }
        out.writeByte(']');
        return false;
    }

    private static boolean writeBools(ByteSink out, Field f, int rows) {
        boolean[] v = f.rawBools();
        long[] nulls = f.rawNullBits();
        out.writeByte('[');
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                out.writeByte(',');
            }
            if (isNull(nulls, r)) {
                out.writeNull();
            } else {
                out.writeBool(v[r]);
            }
        }
        out.writeByte(']');
        return false;
    }

    /** {@code {"NaN":[rows],"Inf":[rows],"NegInf":[rows]}}, each list only when not empty. */
    private static void writeEntities(ByteSink out, Field f, int rows) {
        out.writeByte('{');
        boolean started = writeEntityRows(out, f, rows, "\"NaN\":[", Double.NaN, false);
        started = writeEntityRows(out, f, rows, "\"Inf\":[", Double.POSITIVE_INFINITY, started) || started;
        writeEntityRows(out, f, rows, "\"NegInf\":[", Double.NEGATIVE_INFINITY, started);
        out.writeByte('}');
    }

    private static boolean writeEntityRows(
            ByteSink out, Field f, int rows, String key, double kind, boolean started) {
        double[] v = f.rawDoubles();
        long[] nulls = f.rawNullBits();
        boolean any = false;
        for (int r = 0; r < rows; r++) {
            double d = v[r];
            boolean match = Double.isNaN(kind) ? Double.isNaN(d) : d == kind;
            if (!match || isNull(nulls, r)) {
                continue;
            }
            if (!any) {
                if (started) {
                    out.writeByte(',');
                }
                out.writeAscii(key);
                any = true;
            } else {
                out.writeByte(',');
            }
            out.writeLong(r);
        }
        if (any) {
            out.writeByte(']');
        }
        return any;
    }

    /** One sub-millisecond offset per row (0 where there is none, and for nulls). */
    private static void writeNanos(ByteSink out, Field f, int rows) {
        long[] v = f.rawLongs();
        long[] nulls = f.rawNullBits();
        out.writeByte('[');
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                out.writeByte(',');
            }
            out.writeLong(isNull(nulls, r) ? 0 : Math.floorMod(v[r], NANOS_PER_MILLI));
        }
        out.writeByte(']');
    }
}
