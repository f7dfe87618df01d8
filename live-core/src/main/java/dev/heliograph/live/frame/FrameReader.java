package dev.heliograph.live.frame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import dev.heliograph.live.json.RawJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads frame JSON into a {@link DataFrame} with a Jackson streaming parser. One instance per
 * decode call; not thread-safe. Keys may come in any order. Errors are
 * {@link FrameJsonException}s naming the JSON path.
 */
@SuppressWarnings("NullAway.Init") // the parts are set while the JSON is read, before build uses them
final class FrameReader {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /**
     * The lowest milliseconds a time can have: times in this millisecond fit a long only from
     * a nanosecond offset of 224192 on, so they are held one millisecond up until the offset comes.
     */
    private static final long MIN_MILLIS = Math.floorDiv(Long.MIN_VALUE, NANOS_PER_MILLI);

    private final byte[] json;
    private final @Nullable DataFrame schemaHint;
    private String where = "$";

    private String name = "";
    private String refId = "";
    private @Nullable RawJson meta;
    private List<Field> fields;
    private boolean schemaSeen;

    // data parts, applied after the whole data object is read
    private int rows = -1;
    private BitSet[] pendingNulls;
    private BitSet[] minMillisRows; // rows held one millisecond up, see MIN_MILLIS
    private int[][][] entities; // [field][kind][rows]; kind 0 NaN, 1 Inf, 2 NegInf
    private long[][] nanos;

    private FrameReader(byte[] json, @Nullable DataFrame schemaHint) {
        this.json = json;
        this.schemaHint = schemaHint;
    }

    static DataFrame read(byte[] json, @Nullable DataFrame schemaHint) {
        return new FrameReader(json, schemaHint).read();
    }

    private DataFrame read() {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new FrameJsonException("$", "the JSON is empty: expected {\"schema\":...,\"data\":...}");
            }
            expect(p, JsonToken.START_OBJECT, "$", "an object like {\"schema\":...,\"data\":...}");
            int dataStart = -1;
            int dataEnd = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                switch (key) {
                    case "schema" -> readSchema(p);
                    case "data" -> {
                        if (schemaSeen) {
                            readData(p);
                        } else { // the schema may still follow: read the data afterwards
                            dataStart = (int) p.currentTokenLocation().getByteOffset();
                            p.skipChildren();
                            dataEnd = (int) p.currentLocation().getByteOffset();
                        }
                    }
                    default -> throw new FrameJsonException("$." + key, "unexpected key \"" + key
                            + "\": a frame object has only \"schema\" and \"data\"");
                }
            }
            where = "$";
            if (p.nextToken() != null) {
                throw new FrameJsonException("$", "unexpected content after the frame object at "
                        + location(p));
            }
            if (!schemaSeen) {
                if (schemaHint == null) {
                    throw new FrameJsonException("$", "the frame has no \"schema\": data-only JSON needs the"
                            + " schema given separately, use FrameJson.decode(json, schemaFrame)");
                }
                useHint(schemaHint);
            }
            if (dataStart >= 0) {
                try (JsonParser dp = FACTORY.createParser(json, dataStart, dataEnd - dataStart)) {
                    dp.nextToken();
                    readData(dp);
                }
            }
            return build();
        } catch (FrameJsonException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new FrameJsonException(where, "malformed JSON: " + e.getOriginalMessage() + " at "
                    + location(e), e);
        } catch (IOException e) {
            throw new FrameJsonException(where, "cannot read the JSON: " + e.getMessage(), e);
        }
    }

    private void useHint(DataFrame hint) {
        name = hint.name();
        refId = hint.refId();
        meta = hint.meta();
        fields = new ArrayList<>(hint.fields().size());
        for (Field f : hint.fields()) {
            fields.add(f.emptyCopy());
        }
        schemaSeen = true;
    }

    // ---- schema --------------------------------------------------------------------------

    private void readSchema(JsonParser p) throws IOException {
        where = "schema";
        expect(p, JsonToken.START_OBJECT, "schema", "an object with \"fields\"");
        List<Field> parsed = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "name" -> name = readOptionalString(p, "schema.name");
                case "refId" -> refId = readOptionalString(p, "schema.refId");
                case "meta" -> meta = readRawObject(p, "schema.meta");
                case "fields" -> parsed = readFieldSchemas(p);
                default -> p.skipChildren(); // unknown schema keys are ignored, as the SDK does
            }
            where = "schema";
        }
        fields = parsed == null ? new ArrayList<>() : parsed;
        schemaSeen = true;
    }

    private List<Field> readFieldSchemas(JsonParser p) throws IOException {
        List<Field> out = new ArrayList<>();
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return out;
        }
        expect(p, JsonToken.START_ARRAY, "schema.fields", "an array of field objects");
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(readFieldSchema(p, "schema.fields[" + i + "]"));
            i++;
        }
        return out;
    }

    private Field readFieldSchema(JsonParser p, String path) throws IOException {
        where = path;
        expect(p, JsonToken.START_OBJECT, path, "a field object like {\"name\":\"time\",\"type\":\"time\"}");
        String fieldName = "";
        String jsonType = null;
        String frameType = null;
        boolean nullable = false;
        Map<String, String> labels = null;
        RawJson config = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "name" -> fieldName = readOptionalString(p, path + ".name");
                case "type" -> jsonType = readOptionalString(p, path + ".type");
                case "typeInfo" -> {
                    if (p.currentToken() == JsonToken.VALUE_NULL) {
                        break;
                    }
                    expect(p, JsonToken.START_OBJECT, path + ".typeInfo", "an object like {\"frame\":\"float64\"}");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String tk = p.currentName();
                        p.nextToken();
                        if (tk.equals("frame")) {
                            frameType = readOptionalString(p, path + ".typeInfo.frame");
                        } else if (tk.equals("nullable")) {
                            JsonToken b = p.currentToken();
                            if (b != JsonToken.VALUE_TRUE && b != JsonToken.VALUE_FALSE && b != JsonToken.VALUE_NULL) {
                                throw new FrameJsonException(path + ".typeInfo.nullable", "expected true or false, found "
                                        + describe(p));
                            }
                            nullable = b == JsonToken.VALUE_TRUE;
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                case "labels" -> labels = readLabels(p, path + ".labels");
                case "config" -> config = readRawObject(p, path + ".config");
                default -> p.skipChildren();
            }
        }
        FieldType type = resolveType(frameType, jsonType, path);
        Field f = Field.of(fieldName, type, nullable);
        if (labels != null) {
            f.labels(labels);
        }
        return f.config(config);
    }

    private static FieldType resolveType(@Nullable String frameType, @Nullable String jsonType, String path) {
        if (frameType != null && !frameType.isEmpty()) {
            switch (frameType) {
                case "int8", "int16", "int32", "uint8", "uint16", "uint32", "uint64":
                    return FieldType.INT64;
                case "float32":
                    return FieldType.FLOAT64;
                default:
                    try {
                        return FieldType.fromFrameType(frameType);
                    } catch (IllegalArgumentException e) {
                        throw new FrameJsonException(path + ".typeInfo.frame", e.getMessage()
                                + " (narrower integers and float32 are read as int64 and float64)");
                    }
            }
        }
        if (jsonType != null && !jsonType.isEmpty()) {
            try {
                return FieldType.fromJsonType(jsonType);
            } catch (IllegalArgumentException e) {
                throw new FrameJsonException(path + ".type", String.valueOf(e.getMessage()));
            }
        }
        throw new FrameJsonException(path, "the field has neither \"typeInfo\":{\"frame\":...} nor \"type\":"
                + " give one, for example \"typeInfo\":{\"frame\":\"float64\"}");
    }

    private @Nullable Map<String, String> readLabels(JsonParser p, String path) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_OBJECT, path, "an object of string values like {\"host\":\"a\"}");
        Map<String, String> labels = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new FrameJsonException(path + "." + key, "label values must be strings, found " + describe(p));
            }
            labels.put(key, p.getText());
        }
        return labels;
    }

    private String readOptionalString(JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return "";
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new FrameJsonException(path, "expected a string, found " + describe(p));
        }
        return p.getText();
    }

    /** Captures an object's bytes as they are in the input; null for a JSON null. */
    private @Nullable RawJson readRawObject(JsonParser p, String path) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_OBJECT, path, "a JSON object");
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        int end = (int) p.currentLocation().getByteOffset();
        return RawJson.trusted(Arrays.copyOfRange(json, start, end));
    }

    // ---- data --------------------------------------------------------------------------

    private void readData(JsonParser p) throws IOException {
        where = "data";
        expect(p, JsonToken.START_OBJECT, "data", "an object like {\"values\":[[...],...]}");
        int n = fields.size();
        pendingNulls = new BitSet[n];
        minMillisRows = new BitSet[n];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "values" -> readValues(p);
                case "entities" -> readEntities(p);
                case "nanos" -> readNanos(p);
                default -> throw new FrameJsonException("data." + key, "unexpected key \"" + key
                        + "\": data has only \"values\", \"entities\" and \"nanos\"");
            }
            where = "data";
        }
        applyEntities();
        applyNanos();
        checkPendingNulls();
        checkMinMillis();
    }

    private void readValues(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        expect(p, JsonToken.START_ARRAY, "data.values", "an array with one array of values per field");
        int col = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (col >= fields.size()) {
                throw new FrameJsonException("data.values[" + col + "]", "there are more value columns than the "
                        + fields.size() + " fields of the schema");
            }
            readColumn(p, col);
            col++;
        }
        if (col != fields.size() && !(col == 0 && rows < 0)) {
            throw new FrameJsonException("data.values", "found " + col + " value columns but the schema has "
                    + fields.size() + " fields: give one array of values per field");
        }
    }

    private void readColumn(JsonParser p, int col) throws IOException {
        String path = "data.values[" + col + "]";
        where = path;
        Field f = fields.get(col);
        expect(p, JsonToken.START_ARRAY, path, "an array of values for field '" + f.name() + "'");
        if (f.size() > 0) {
            throw new FrameJsonException(path, "the values of field '" + f.name() + "' were already given");
        }
        int row = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_NULL) {
                appendNull(f, col, row);
            } else {
                appendValue(p, t, f, col, row);
            }
            row++;
        }
        if (rows < 0) {
            rows = row;
        } else if (row != rows) {
            throw new FrameJsonException(path, "field '" + f.name() + "' has " + row
                    + " values but the fields before it have " + rows + ": every field needs one value per row");
        }
    }

    private void appendNull(Field f, int col, int row) {
        if (f.nullable()) {
            f.appendNull();
        } else if (f.type() == FieldType.FLOAT64) {
            // a NaN or infinity, to be named by "entities"
            f.appendDouble(0);
            if (pendingNulls[col] == null) {
                pendingNulls[col] = new BitSet();
            }
            pendingNulls[col].set(row);
        } else {
            throw new FrameJsonException(valuePath(col, row), "null in field '" + f.name() + "', which is not"
                    + " nullable: mark it \"typeInfo\":{\"frame\":\"" + f.type().frameType()
                    + "\",\"nullable\":true} or give a value");
        }
    }

    private void appendValue(JsonParser p, JsonToken t, Field f, int col, int row) throws IOException {
        switch (f.type()) {
            case FLOAT64 -> {
                if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw typeError(p, f, col, row, "a number or null");
                }
                double d = p.getDoubleValue();
                if (d == 0 && t == JsonToken.VALUE_NUMBER_INT && p.getText().startsWith("-")) {
                    d = -0.0; // "-0", as the writer spells negative zero: an integer zero has no sign
                }
                f.appendDouble(d);
            }
            case INT64 -> {
                if (t != JsonToken.VALUE_NUMBER_INT) {
                    throw typeError(p, f, col, row, "an integer or null");
                }
                try {
                    f.appendLong(p.getLongValue());
                } catch (InputCoercionException e) {
                    throw new FrameJsonException(valuePath(col, row), p.getText()
                            + " does not fit a 64-bit integer (field '" + f.name() + "')");
                }
            }
            case TIME -> {
                if (t != JsonToken.VALUE_NUMBER_INT) {
                    throw typeError(p, f, col, row, "epoch milliseconds (an integer) or null");
                }
                try {
                    long millis = p.getLongValue();
                    if (millis == MIN_MILLIS) {
                        f.appendTimeNanos((millis + 1) * NANOS_PER_MILLI);
                        if (minMillisRows[col] == null) {
                            minMillisRows[col] = new BitSet();
                        }
                        minMillisRows[col].set(row);
                    } else {
                        f.appendTimeNanos(Math.multiplyExact(millis, NANOS_PER_MILLI));
                    }
                } catch (InputCoercionException | ArithmeticException e) {
                    throw new FrameJsonException(valuePath(col, row), "time " + p.getText()
                            + " ms is outside the years 1677-2262 that epoch nanoseconds can hold (field '"
                            + f.name() + "')");
                }
            }
            case STRING -> {
                if (t != JsonToken.VALUE_STRING) {
                    throw typeError(p, f, col, row, "a string or null");
                }
                f.appendString(p.getText());
            }
            case BOOL -> {
                if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                    throw typeError(p, f, col, row, "true, false or null");
                }
                f.appendBool(t == JsonToken.VALUE_TRUE);
            }
        }
    }

    private FrameJsonException typeError(JsonParser p, Field f, int col, int row, String expected)
            throws IOException {
        return new FrameJsonException(valuePath(col, row), "field '" + f.name() + "' is " + f.type().frameType()
                + ", so expected " + expected + ", found " + describe(p));
    }

    private void readEntities(JsonParser p) throws IOException {
        where = "data.entities";
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        expect(p, JsonToken.START_ARRAY, "data.entities", "an array with null or {\"NaN\":[rows],...} per field");
        entities = new int[fields.size()][][];
        int col = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String path = "data.entities[" + col + "]";
            if (col >= fields.size()) {
                throw new FrameJsonException(path, "there are more entries than the " + fields.size()
                        + " fields of the schema");
            }
            if (p.currentToken() != JsonToken.VALUE_NULL) {
                expect(p, JsonToken.START_OBJECT, path, "null or an object like {\"NaN\":[0],\"Inf\":[3]}");
                Field f = fields.get(col);
                if (f.type() != FieldType.FLOAT64) {
                    throw new FrameJsonException(path, "field '" + f.name() + "' is " + f.type().frameType()
                            + ": only float64 fields can hold NaN or infinities");
                }
                int[][] kinds = new int[3][];
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int kind = switch (key) {
                        case "NaN" -> 0;
                        case "Inf" -> 1;
                        case "NegInf" -> 2;
                        default -> throw new FrameJsonException(path + "." + key, "unknown entity \"" + key
                                + "\": expected NaN, Inf or NegInf");
                    };
                    p.nextToken();
                    kinds[kind] = readRowList(p, path + "." + key);
                }
                entities[col] = kinds;
            }
            col++;
        }
    }

    private int[] readRowList(JsonParser p, String path) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return new int[0];
        }
        expect(p, JsonToken.START_ARRAY, path, "an array of row numbers");
        int[] out = new int[8];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw new FrameJsonException(path + "[" + n + "]", "expected a row number, found " + describe(p));
            }
            long row = p.getLongValue();
            if (row < 0 || row > Integer.MAX_VALUE) {
                throw new FrameJsonException(path + "[" + n + "]", "row " + row + " is not a valid row number");
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = (int) row;
        }
        return Arrays.copyOf(out, n);
    }

    private void readNanos(JsonParser p) throws IOException {
        where = "data.nanos";
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        expect(p, JsonToken.START_ARRAY, "data.nanos", "an array with null or [offsets] per field");
        nanos = new long[fields.size()][];
        int col = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String path = "data.nanos[" + col + "]";
            if (col >= fields.size()) {
                throw new FrameJsonException(path, "there are more entries than the " + fields.size()
                        + " fields of the schema");
            }
            if (p.currentToken() != JsonToken.VALUE_NULL) {
                expect(p, JsonToken.START_ARRAY, path, "null or an array of nanosecond offsets, one per row");
                Field f = fields.get(col);
                if (f.type() != FieldType.TIME) {
                    throw new FrameJsonException(path, "field '" + f.name() + "' is " + f.type().frameType()
                            + ": only time fields have nanosecond offsets");
                }
                long[] offsets = new long[16];
                int n = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                        throw new FrameJsonException(path + "[" + n + "]", "expected an integer, found " + describe(p));
                    }
                    long ns = p.getLongValue();
                    if (ns < 0 || ns >= NANOS_PER_MILLI) {
                        throw new FrameJsonException(path + "[" + n + "]", "offset " + ns
                                + " is not between 0 and 999999 nanoseconds");
                    }
                    if (n == offsets.length) {
                        offsets = Arrays.copyOf(offsets, n * 2);
                    }
                    offsets[n++] = ns;
                }
                nanos[col] = Arrays.copyOf(offsets, n);
            }
            col++;
        }
    }

    private void applyEntities() {
        if (entities == null) {
            return;
        }
        double[] replacement = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        String[] names = {"NaN", "Inf", "NegInf"};
        for (int col = 0; col < entities.length; col++) {
            int[][] kinds = entities[col];
            if (kinds == null) {
                continue;
            }
            Field f = fields.get(col);
            for (int k = 0; k < 3; k++) {
                int[] list = kinds[k];
                if (list == null) {
                    continue;
                }
                for (int i = 0; i < list.length; i++) {
                    int row = list[i];
                    if (row >= f.size()) {
                        throw new FrameJsonException("data.entities[" + col + "]." + names[k] + "[" + i + "]",
                                "row " + row + " is past the end of field '" + f.name() + "', which has " + f.size()
                                        + " rows");
                    }
                    f.setDouble(row, replacement[k]);
                    if (pendingNulls[col] != null) {
                        pendingNulls[col].clear(row);
                    }
                }
            }
        }
    }

    private void applyNanos() {
        if (nanos == null) {
            return;
        }
        for (int col = 0; col < nanos.length; col++) {
            long[] offsets = nanos[col];
            if (offsets == null) {
                continue;
            }
            Field f = fields.get(col);
            if (offsets.length != f.size()) {
                throw new FrameJsonException("data.nanos[" + col + "]", "has " + offsets.length
                        + " offsets but field '" + f.name() + "' has " + f.size() + " rows");
            }
            BitSet heldUp = minMillisRows[col];
            for (int row = 0; row < offsets.length; row++) {
                long shift = offsets[row];
                if (heldUp != null && heldUp.get(row)) {
                    shift -= NANOS_PER_MILLI;
                    heldUp.clear(row);
                }
                if (shift != 0 && !f.isNull(row)) {
                    try {
                        f.setTimeNanos(row, Math.addExact(f.timeNanosAt(row), shift));
                    } catch (ArithmeticException e) {
                        throw new FrameJsonException("data.nanos[" + col + "][" + row + "]", "offset " + offsets[row]
                                + " ns takes the time of row " + row + " outside the years 1677-2262 that epoch"
                                + " nanoseconds can hold (field '" + f.name() + "')");
                    }
                }
            }
        }
    }

    private void checkPendingNulls() {
        for (int col = 0; col < pendingNulls.length; col++) {
            BitSet pending = pendingNulls[col];
            if (pending != null && !pending.isEmpty()) {
                int row = pending.nextSetBit(0);
                Field f = fields.get(col);
                throw new FrameJsonException(valuePath(col, row), "null in field '" + f.name()
                        + "', which is not nullable and has no NaN/Inf entity for row " + row
                        + ": mark it \"nullable\":true or list the row in data.entities");
            }
        }
    }

    /** Refuses a time in the lowest millisecond that no nanosecond offset brought into range. */
    private void checkMinMillis() {
        for (int col = 0; col < minMillisRows.length; col++) {
            BitSet rows = minMillisRows[col];
            if (rows != null && !rows.isEmpty()) {
                int row = rows.nextSetBit(0);
                throw new FrameJsonException(valuePath(col, row), "time " + MIN_MILLIS
                        + " ms is outside the years 1677-2262 that epoch nanoseconds can hold (field '"
                        + fields.get(col).name() + "')");
            }
        }
    }

    private DataFrame build() {
        DataFrame.Builder b = DataFrame.builder().name(name).refId(refId).meta(meta);
        for (Field f : fields) {
            b.field(f);
        }
        return b.build();
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static String valuePath(int col, int row) {
        return "data.values[" + col + "][" + row + "]";
    }

    private static void expect(JsonParser p, JsonToken expected, String path, String what) throws IOException {
        if (p.currentToken() != expected) {
            throw new FrameJsonException(path, "expected " + what + ", found " + describe(p));
        }
    }

    private static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "the end of the input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + abbreviate(p.getText()) + "\"";
            case VALUE_NULL -> "null";
            default -> abbreviate(p.getText());
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static String location(JsonParser p) {
        var loc = p.currentTokenLocation();
        return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String location(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "an unknown place" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
}
