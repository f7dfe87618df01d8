package dev.heliograph.live.influx;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.frame.Field;
import dev.heliograph.live.frame.FieldType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Converts a line-protocol body (what Telegraf pushes) to data frames, the way the push endpoint
 * publishes them: one frame per measurement ({@link FrameFormat#LABELS_COLUMN}, the default) or
 * per (measurement, timestamp) ({@link FrameFormat#WIDE}); each frame's name is its
 * measurement, which the endpoint uses as the channel path.
 *
 * <p>Values: every number (float, integer, unsigned) becomes a nullable float64 (integers beyond
 * 2^53 lose precision), a boolean a nullable bool, a string a nullable string; the string
 * {@code "NaN"} becomes a null float64. Within a line the fields are taken sorted by key; a key
 * written twice in one line keeps its last value, and so does a tag key. In labels_column, a
 * value whose type differs from its column's (fixed by the first value seen) becomes null, or
 * its text when the column is a string ({@code 1}, {@code 0.5}, {@code 1e+06}, {@code true}: Go's
 * {@code %v}). A line without a timestamp gets the clock's time, read once per body, so all such
 * lines of one body share it.
 *
 * <p>All or nothing: the body is parsed in {@link ParseMode#STRICT} mode, so a bad line throws
 * {@link LineProtocolException} (line, column, what was expected) and no frame is returned.
 *
 * <p>Bounded: the frames of a body may hold at most {@link #cellLimit(int)} cells (the larger of
 * 100,000 and one per body byte; a labels_column cell is a row of a field column, nulls
 * included; a wide column counts one cell plus one per 16 characters of the tags that label
 * it), so a push's memory stays a small multiple of its body whatever its shape. A body that
 * would pass it throws {@link FrameLimitException} naming the line, the limit and what to change,
 * and no frame is returned.
 *
 * <p>Thread-safe: one converter may serve every request; each call keeps its own state.
 */
public final class LineProtocolConverter {
    private final FrameFormat format;
    private final Clock clock;
    private final LineProtocolParser parser;

    /**
     * @param format the frame layout
     * @param clock  the server time given to lines without a timestamp
     */
    public LineProtocolConverter(FrameFormat format, Clock clock) {
        this.format = requireNonNull(format, "format");
        this.clock = requireNonNull(clock, "clock");
        this.parser = LineProtocolParser.strict();
    }

    /** A converter for {@code format} that stamps untimed lines with the system UTC clock. */
    public static LineProtocolConverter of(FrameFormat format) {
        return new LineProtocolConverter(format, Clock.systemUTC());
    }

    public FrameFormat format() {
        return format;
    }

    /**
     * The most cells the frames of a body of {@code bodyBytes} bytes may hold: the larger of
     * 100,000 and one per byte. See {@link FrameLimitException}.
     */
    public static long cellLimit(int bodyBytes) {
        return CellBudget.limitFor(bodyBytes);
    }

    /** Converts a whole body. See {@link #convert(byte[], int, int)}. */
    public List<DataFrame> convert(byte[] body) {
        requireNonNull(body, "body");
        return convert(body, 0, body.length);
    }

    /**
     * Converts {@code body[offset, offset + length)} (UTF-8 line protocol) to frames, in order of
     * first appearance. An empty body (or only comments) gives no frames.
     *
     * @throws LineProtocolException at the first bad line; nothing is returned
     * @throws FrameLimitException when the frames would hold more than {@link #cellLimit(int)}
     *     cells; nothing is returned
     */
    public List<DataFrame> convert(byte[] body, int offset, int length) {
        Instant now = clock.instant();
        long nowNanos = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        return format == FrameFormat.WIDE
                ? convertWide(body, offset, length, nowNanos)
                : convertLabelsColumn(body, offset, length, nowNanos);
    }

    private List<DataFrame> convertLabelsColumn(byte[] body, int offset, int length, long nowNanos) {
        Map<String, LabelsColumnFrameBuilder> frames = new LinkedHashMap<>();
        CellBudget budget = new CellBudget(length);
        Labels labels = new Labels();
        TagSetCache<String> labelTexts = new TagSetCache<>(point -> {
            labels.compute(point);
            return labels.text();
        });
        LabelsColumnFrameBuilder[] last = new LabelsColumnFrameBuilder[1];
        parser.parse(body, offset, length, point -> {
            String measurement = point.measurement();
            LabelsColumnFrameBuilder frame = last[0];
            if (frame == null || frame.measurement() != measurement) {
                frame = frames.computeIfAbsent(measurement, name -> new LabelsColumnFrameBuilder(name, budget));
                last[0] = frame;
            }
            frame.add(point, point.hasTimestamp() ? point.timestamp() : nowNanos, labelTexts.get(point));
        });
        List<DataFrame> out = new ArrayList<>(frames.size());
        for (LabelsColumnFrameBuilder frame : frames.values()) {
            out.add(frame.build());
        }
        return out;
    }

    private List<DataFrame> convertWide(byte[] body, int offset, int length, long nowNanos) {
        Map<String, WideMeasurement> byMeasurement = new HashMap<>();
        List<WideFrameBuilder> inOrder = new ArrayList<>();
        CellBudget budget = new CellBudget(length);
        Labels labels = new Labels();
        // One field per tag set holding its labels: every column of those lines shares them.
        TagSetCache<WideLabels> labelHolders = new TagSetCache<>(point -> {
            labels.compute(point);
            return new WideLabels(Field.of("", FieldType.STRING, false, 0).labels(labels.toMap()),
                    labels.text().length());
        });
        WideMeasurement[] last = new WideMeasurement[1];
        parser.parse(body, offset, length, point -> {
            long time = point.hasTimestamp() ? point.timestamp() : nowNanos;
            String measurement = point.measurement();
            WideMeasurement m = last[0];
            if (m == null || m.name != measurement) {
                m = byMeasurement.computeIfAbsent(measurement, WideMeasurement::new);
                last[0] = m;
            }
            WideFrameBuilder frame = m.frame(time, inOrder);
            m.order.compute(point);
            WideLabels tags = point.tagCount() == 0 ? WideLabels.NONE : labelHolders.get(point);
            int columns = m.order.count();
            if (!budget.take((long) columns * (1 + tags.chars / CellBudget.LABEL_CHARS_PER_CELL))) {
                throw budget.exceeded(point.line(), "this line of measurement \"" + measurement + "\" makes "
                        + CellBudget.count(columns) + " columns, each labelled with its " + CellBudget.count(tags.chars)
                        + " characters of tags (a cell per column and per " + CellBudget.LABEL_CHARS_PER_CELL
                        + " characters of tags)", "Shorten the tags, send fewer fields per line or smaller batches"
                        + " (Telegraf: metric_batch_size), or push with gf_live_frame_format=labels_column, which"
                        + " writes a line's tags once");
            }
            frame.add(point, m.order, tags.holder);
        });
        List<DataFrame> out = new ArrayList<>(inOrder.size());
        for (WideFrameBuilder frame : inOrder) {
            out.add(frame.build());
        }
        return out;
    }

    /**
     * The labels of one tag set in wide frames: a field holding them (shared by every column of
     * those lines; null without tags) and the length of their {@code k=v, k2=v2} text.
     */
    private record WideLabels(@Nullable Field holder, int chars) {
        static final WideLabels NONE = new WideLabels(null, 0);
    }

    /** The wide frames of one measurement by timestamp, the last one used, and its field order. */
    private static final class WideMeasurement {
        final String name;
        final FieldOrder order = new FieldOrder();
        final Map<Long, WideFrameBuilder> byTime = new HashMap<>();
        @Nullable WideFrameBuilder lastFrame;
        long lastTime;

        WideMeasurement(String name) {
            this.name = name;
        }

        /** The frame for {@code time}, made (and listed in {@code inOrder}) on first use. */
        WideFrameBuilder frame(long time, List<WideFrameBuilder> inOrder) {
            if (lastFrame != null && lastTime == time) {
                return lastFrame;
            }
            WideFrameBuilder frame = byTime.get(time);
            if (frame == null) {
                frame = new WideFrameBuilder(name, time);
                byTime.put(time, frame);
                inOrder.add(frame);
            }
            lastFrame = frame;
            lastTime = time;
            return frame;
        }
    }
}
