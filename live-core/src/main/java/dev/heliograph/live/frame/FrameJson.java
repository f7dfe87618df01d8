package dev.heliograph.live.frame;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.json.RawJson;

/**
 * The frame JSON format: encodes a {@link DataFrame} byte for byte as the Grafana plugin SDK
 * (Go) does, and decodes it back.
 *
 * <ul>
 *   <li>full: {@code {"schema":S,"data":D}} — what a new subscriber or a changed schema needs;
 *   <li>data only: {@code {"data":D}} — what later pushes with the same schema send;
 *   <li>schema only: {@code {"schema":S}} — what the frame cache compares byte for byte.
 * </ul>
 *
 * <p>{@code S} is {@code {"name"?,"refId"?,"meta"?,"fields":[...]}}, each field
 * {@code {"name"?,"type","typeInfo":{"frame","nullable"?},"labels"?,"config"?}}; empty names,
 * empty labels and absent meta/config are omitted, {@code nullable} appears only as {@code true}.
 * {@code D} is {@code {"values":[[...],...],"entities"?,"nanos"?}}: times in epoch milliseconds,
 * NaN/±Inf as {@code null} listed in {@code entities}, sub-millisecond parts in {@code nanos};
 * both only when some value needs them. Numbers are written as Go writes them: the shortest
 * decimal that reads back exactly, {@code 1e+21} style beyond 1e21 and below 1e-6.
 *
 * <p>Called by stream handlers, push endpoints and the frame cache, from any thread: all
 * methods are stateless and thread-safe. Encoding writes straight to bytes with no per-value
 * allocation for ordinary numbers.
 */
public final class FrameJson {
    /** Which parts of the frame to write. */
    public enum Include {
        /** {@code {"schema":S,"data":D}} */
        ALL,
        /** {@code {"data":D}} */
        DATA_ONLY,
        /** {@code {"schema":S}} */
        SCHEMA_ONLY
    }

    private FrameJson() {}

    /**
     * The full frame JSON, {@code {"schema":S,"data":D}}.
     *
     * @throws IllegalStateException when the frame's fields differ in length
     */
    public static byte[] encode(DataFrame frame) {
        return encode(frame, Include.ALL);
    }

    /**
     * The frame JSON with the chosen parts, as UTF-8 bytes.
     *
     * @throws IllegalStateException when data is included and the frame's fields differ in length
     */
    public static byte[] encode(DataFrame frame, Include include) {
        requireNonNull(frame, "frame");
        requireNonNull(include, "include");
        boolean schema = include != Include.DATA_ONLY;
        boolean data = include != Include.SCHEMA_ONLY;
        ByteSink out = new ByteSink(FrameWriter.estimate(frame, schema, data));
        out.writeByte('{');
        if (schema) {
            out.writeAscii("\"schema\":");
            FrameWriter.writeSchema(out, frame);
        }
        if (data) {
            out.writeAscii(schema ? ",\"data\":" : "\"data\":");
            FrameWriter.writeData(out, frame);
        }
        out.writeByte('}');
        return out.toByteArray();
    }

    /** {@link #encode(DataFrame, Include)} wrapped as {@link RawJson}, ready to publish. */
    public static RawJson toRawJson(DataFrame frame, Include include) {
        return RawJson.trusted(encode(frame, include));
    }

    /** The data-only JSON {@code {"data":D}}. */
    public static byte[] encodeData(DataFrame frame) {
        return encode(frame, Include.DATA_ONLY);
    }

    /** The schema-only JSON {@code {"schema":S}}. */
    public static byte[] encodeSchema(DataFrame frame) {
        return encode(frame, Include.SCHEMA_ONLY);
    }

    /**
     * Reads a full ({@code {"schema":S,"data":D}}) or schema-only ({@code {"schema":S}}, giving
     * a frame with no rows) frame JSON. Keys may come in any order. Narrower integer types
     * ({@code int8} ... {@code uint64}) are read as INT64 and {@code float32} as FLOAT64.
     *
     * @throws FrameJsonException naming the JSON path that is wrong, what was found there and
     *     what was expected
     */
    public static DataFrame decode(byte[] json) {
        requireNonNull(json, "json");
        return FrameReader.read(json, null);
    }

    /**
     * Reads frame JSON that may carry only data ({@code {"data":D}}), taking the name, refId,
     * meta and field definitions from {@code schema} (its rows are ignored). When the JSON has its
     * own schema, that one is used.
     *
     * @throws FrameJsonException naming the JSON path that is wrong
     */
    public static DataFrame decode(byte[] json, DataFrame schema) {
        requireNonNull(json, "json");
        requireNonNull(schema, "schema");
        return FrameReader.read(json, schema);
    }

    /** {@link #decode(byte[])} for a {@link RawJson}. */
    public static DataFrame decode(RawJson json) {
        requireNonNull(json, "json");
        return FrameReader.read(json.unsafeBytes(), null);
    }
}
