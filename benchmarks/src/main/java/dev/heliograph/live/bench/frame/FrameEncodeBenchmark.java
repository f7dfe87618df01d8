package dev.heliograph.live.bench.frame;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.frame.Field;
import dev.heliograph.live.frame.FrameJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encodes a 1,000-row frame (time + 4 nullable float64 columns shaped like sensor readings)
 * with {@link FrameJson}, data-only and full, against Jackson databind writing the same JSON
 * structure from Maps and Lists (the peer). Run single-threaded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameEncodeBenchmark {
    static final int ROWS = 1_000;

    DataFrame frame;
    Map<String, Object> fullTree;
    Map<String, Object> dataTree;
    ObjectMapper mapper;

    @Setup
    public void setup() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        Field time = Field.time("time");
        Field temp = Field.float64("temperature", true);
        Field hum = Field.float64("humidity", true);
        Field load = Field.float64("load", true);
        Field raw = Field.float64("raw", true);
        long start = 1_763_800_000_000L; // 2025-11-22, one reading per second
        double t = 21.5;
        for (int i = 0; i < ROWS; i++) {
            time.appendTimeMillis(start + i * 1000L);
            t += random.nextDouble(-0.05, 0.05);
            appendOrNull(temp, random, Math.round(t * 100) / 100.0); // two decimals
            appendOrNull(hum, random, Math.round(random.nextDouble(40, 60) * 10) / 10.0); // one decimal
            appendOrNull(load, random, (double) random.nextInt(0, 100)); // integral
            appendOrNull(raw, random, random.nextDouble() * 1000); // full precision
        }
        frame = DataFrame.builder().name("sensors").field(time).field(temp).field(hum).field(load).field(raw).build();
        mapper = new ObjectMapper();
        dataTree = Map.of("data", dataObject(frame));
        fullTree = new LinkedHashMap<>();
        fullTree.put("schema", schemaObject(frame));
        fullTree.put("data", dataObject(frame));
        System.err.printf("frame JSON sizes: data-only %d B, full %d B; peer data-only %d B, full %d B%n",
                FrameJson.encodeData(frame).length, FrameJson.encode(frame).length,
                mapper.writeValueAsBytes(dataTree).length, mapper.writeValueAsBytes(fullTree).length);
    }

    private static void appendOrNull(Field f, SplittableRandom random, double v) {
        if (random.nextInt(100) == 0) {
            f.appendNull();
        } else {
            f.appendDouble(v);
        }
    }

    private static Map<String, Object> schemaObject(DataFrame frame) {
        List<Object> fields = new ArrayList<>();
        for (Field f : frame.fields()) {
            Map<String, Object> typeInfo = new LinkedHashMap<>();
            typeInfo.put("frame", f.type().frameType());
            if (f.nullable()) {
                typeInfo.put("nullable", true);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("type", f.type().jsonType());
            m.put("typeInfo", typeInfo);
            fields.add(m);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", frame.name());
        schema.put("fields", fields);
        return schema;
    }

    /** The values as boxed lists, as an application holding its rows in collections would. */
    private static Map<String, Object> dataObject(DataFrame frame) {
        List<Object> columns = new ArrayList<>();
        for (Field f : frame.fields()) {
            List<Object> column = new ArrayList<>(f.size());
            for (int r = 0; r < f.size(); r++) {
                Object v = f.valueAt(r);
                column.add(v instanceof java.time.Instant i ? (Object) i.toEpochMilli() : v);
            }
            columns.add(column);
        }
        return Map.of("values", columns);
    }

    @Benchmark
    public byte[] frameJsonDataOnly() {
        return FrameJson.encodeData(frame);
    }

    @Benchmark
    public byte[] frameJsonFull() {
        return FrameJson.encode(frame);
    }

    @Benchmark
    public byte[] jacksonDatabindDataOnly() throws Exception {
        return mapper.writeValueAsBytes(dataTree);
    }

    @Benchmark
    public byte[] jacksonDatabindFull() throws Exception {
        return mapper.writeValueAsBytes(fullTree);
    }
}
