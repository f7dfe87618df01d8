package dev.heliograph.live.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.frame.DataFrame;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The cell limit that keeps a body's frames a small multiple of its size: the larger of 100,000
 * cells and one per body byte. The line where a conversion stops shows that cells are counted as
 * they are made, not after the whole square of nulls exists.
 */
@DisplayName("the frames of a body are bounded by its size")
class FrameLimitTest {
    private static final Clock FIXED = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    private static List<DataFrame> convert(FrameFormat format, String body) {
        return new LineProtocolConverter(format, FIXED).convert(body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code count} lines of {@code measurement}, each naming a field no earlier line named. */
    private static String newFieldEachLine(String measurement, int from, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            sb.append(measurement).append(" f").append(i).append("=1 1000\n");
        }
        return sb.toString();
    }

    /** A comment line that brings {@code body} to {@code bytes} bytes (comments are body bytes too). */
    private static String paddedTo(int bytes, String body) {
        int pad = bytes - body.length() - 2;
        return "#" + "x".repeat(pad) + "\n" + body;
    }

    private static long fieldCells(List<DataFrame> frames) {
        return frames.stream().mapToLong(f -> (long) f.rowCount() * (f.fields().size() - 2)).sum();
    }

    @Test
    @DisplayName("the limit is 100,000 cells, or one per byte for bodies over 100,000 bytes")
    void limitFormula() {
        assertThat(LineProtocolConverter.cellLimit(0)).isEqualTo(100_000);
        assertThat(LineProtocolConverter.cellLimit(100_000)).isEqualTo(100_000);
        assertThat(LineProtocolConverter.cellLimit(10 * 1024 * 1024)).isEqualTo(10 * 1024 * 1024);
    }

    @Nested
    @DisplayName("labels_column")
    class LabelsColumn {
        @Test
        @DisplayName("lines that each bring a new field stop at the line whose rows x columns pass the limit (317 x 317)")
        void squareOfNullsStops() {
            String body = newFieldEachLine("m", 0, 5_000);
            assertThat(body.length()).as("under 100,000 bytes, so the limit is 100,000 cells").isLessThan(100_000);

            assertThatThrownBy(() -> convert(FrameFormat.LABELS_COLUMN, body))
                    .isInstanceOfSatisfying(FrameLimitException.class, e -> {
                        assertThat(e.line()).isEqualTo(317);
                        assertThat(e.cellLimit()).isEqualTo(100_000);
                    })
                    .hasMessageStartingWith("line 317: the frames of this body would hold more than 100,000 cells,"
                            + " the limit for a body of " + String.format("%,d", body.length()) + " bytes")
                    .hasMessageContaining("measurement \"m\" has 317 field columns over 317 rows")
                    .hasMessageContaining("gf_live_frame_format=wide");
        }

        @Test
        @DisplayName("one line fewer than the limit converts: 316 lines make the whole 316 x 316 frame")
        void justUnderTheLimitConverts() {
            List<DataFrame> frames = convert(FrameFormat.LABELS_COLUMN, newFieldEachLine("m", 0, 316));

            assertThat(fieldCells(frames)).isEqualTo(316 * 316);
            assertThat(frames.get(0).field("f315").orElseThrow().valueAt(315)).isEqualTo(1.0);
            assertThat(frames.get(0).field("f315").orElseThrow().valueAt(0)).isNull();
        }

        @Test
        @DisplayName("a larger body may make more cells, one per byte: 400 x 400 needs 160,000 bytes")
        void limitGrowsWithTheBody() {
            String lines = newFieldEachLine("m", 0, 400);

            assertThat(fieldCells(convert(FrameFormat.LABELS_COLUMN, paddedTo(160_000, lines))))
                    .isEqualTo(160_000);
            assertThatThrownBy(() -> convert(FrameFormat.LABELS_COLUMN, paddedTo(150_000, lines)))
                    .isInstanceOfSatisfying(FrameLimitException.class, e -> {
                        assertThat(e.line()).as("387 x 387 = 149,769; 388 x 388 = 150,544").isEqualTo(2 + 387);
                        assertThat(e.cellLimit()).isEqualTo(150_000);
                    });
        }

        @Test
        @DisplayName("the limit covers the whole body, not each frame: a second sparse measurement stops where the sum passes it")
        void countedAcrossMeasurements() {
            String body = newFieldEachLine("a", 0, 250) + newFieldEachLine("b", 0, 250);

            assertThatThrownBy(() -> convert(FrameFormat.LABELS_COLUMN, body))
                    .isInstanceOfSatisfying(FrameLimitException.class, e ->
                            assertThat(e.line()).as("62,500 + 194 x 194 > 100,000").isEqualTo(250 + 194))
                    .hasMessageContaining("measurement \"b\" has 194 field columns over 194 rows");
        }

        @Test
        @DisplayName("a Telegraf net body with 2,000 interfaces beside the protocol summary line converts")
        void realSparseFramesFit() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 2_000; i++) {
                sb.append("net,host=node-7,interface=veth").append(Integer.toHexString(0x5a3f00 + i))
                        .append(" bytes_sent=81234567u,bytes_recv=987654321u,packets_sent=61234u,packets_recv=81234u,"
                                + "err_in=0u,err_out=0u,drop_in=12u,drop_out=0u,speed=10000i 1700000000000000000\n");
            }
            sb.append("net,host=node-7,interface=all ");
            for (int i = 0; i < 90; i++) {
                sb.append(i == 0 ? "" : ",").append("tcp_stat").append(i).append('=').append(i * 7919).append('i');
            }
            sb.append(" 1700000000000000000\n");

            List<DataFrame> frames = convert(FrameFormat.LABELS_COLUMN, sb.toString());

            assertThat(frames.get(0).rowCount()).isEqualTo(2_001);
            assertThat(frames.get(0).fields()).hasSize(2 + 9 + 90);
        }
    }

    @Nested
    @DisplayName("wide")
    class Wide {
        @Test
        @DisplayName("makes no empty cells, so the lines labels_column refuses convert")
        void noSquareOfNulls() {
            List<DataFrame> frames = convert(FrameFormat.WIDE, newFieldEachLine("m", 0, 9_000));

            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).fields()).hasSize(1 + 9_000);
        }

        @Test
        @DisplayName("stops a line whose long tags would label each of its many columns")
        void tagsTimesFieldsStops() {
            StringBuilder fields = new StringBuilder();
            for (int i = 0; i < 5_000; i++) {
                fields.append(i == 0 ? "" : ",").append('f').append(i).append("=1");
            }
            String line = "m,t=" + "x".repeat(4_000) + " " + fields + " 1000\n";

            assertThatThrownBy(() -> convert(FrameFormat.WIDE, line + line))
                    .isInstanceOfSatisfying(FrameLimitException.class, e -> assertThat(e.line()).isEqualTo(1))
                    .hasMessageContaining("measurement \"m\" makes 5,000 columns, each labelled with its 4,002"
                            + " characters of tags")
                    .hasMessageContaining("gf_live_frame_format=labels_column");
            assertThat(convert(FrameFormat.LABELS_COLUMN, line + line).get(0).fields())
                    .as("labels_column writes the tags once per line").hasSize(2 + 5_000);
        }

        @Test
        @DisplayName("counts a column's tags by length: the same fields with short tags convert")
        void shortTagsFit() {
            StringBuilder fields = new StringBuilder();
            for (int i = 0; i < 5_000; i++) {
                fields.append(i == 0 ? "" : ",").append('f').append(i).append("=1");
            }

            List<DataFrame> frames = convert(FrameFormat.WIDE, "m,host=a " + fields + " 1000\n");

            assertThat(frames.get(0).fields()).hasSize(1 + 5_000);
        }
    }
}
