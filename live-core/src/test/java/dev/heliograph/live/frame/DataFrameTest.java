package dev.heliograph.live.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.json.RawJson;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("DataFrame")
class DataFrameTest {

    @Test
    void the_builder_keeps_name_refId_meta_and_fields_in_order() {
        Field t = Field.time("time").appendTimeMillis(1);
        Field v = Field.float64("value").appendDouble(2);
        DataFrame frame = DataFrame.builder()
                .name("cpu")
                .refId("A")
                .meta(RawJson.parse("{\"type\":\"timeseries-wide\"}"))
                .field(t)
                .field(v)
                .build();
        assertThat(frame.name()).isEqualTo("cpu");
        assertThat(frame.refId()).isEqualTo("A");
        assertThat(frame.meta()).hasToString("{\"type\":\"timeseries-wide\"}");
        assertThat(frame.fields()).containsExactly(t, v);
        assertThat(frame.rowCount()).isEqualTo(1);
        assertThat(frame.field("value")).containsSame(v);
        assertThat(frame.field("missing")).isEmpty();
    }

    @Test
    void fields_of_different_lengths_are_refused_naming_the_field_and_both_lengths() {
        Field t = Field.time("time").appendTimeMillis(1).appendTimeMillis(2);
        Field v = Field.float64("value").appendDouble(1);
        assertThatThrownBy(() -> DataFrame.builder().field(t).field(v).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("field 'value' (column 1) has 1 rows but field 'time' (column 0) has 2: every field of a"
                        + " frame must have the same number of rows");
        assertThat(t.frozen()).as("a refused build freezes nothing").isFalse();
    }

    @Test
    void the_same_field_object_cannot_be_two_columns() {
        Field v = Field.float64("v");
        assertThatThrownBy(() -> DataFrame.builder().field(v).field(v).build())
                .hasMessageContaining("field 'v' was added twice");
    }

    @Test
    void a_builder_builds_once() {
        DataFrame.Builder b = DataFrame.builder();
        b.build();
        assertThatThrownBy(b::build).hasMessageContaining("already built a frame");
    }

    @Test
    void the_field_list_cannot_be_changed() {
        DataFrame frame = DataFrame.of(Field.bool("b"));
        assertThatThrownBy(() -> frame.fields().add(Field.bool("c"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void built_frames_may_share_their_read_only_fields() {
        Field v = Field.float64("v").appendDouble(1);
        DataFrame first = DataFrame.of(v);
        DataFrame second = DataFrame.builder().name("copy").fields(first.fields()).build();
        assertThat(second.field(0)).isSameAs(v);
    }

    @Test
    void an_empty_copy_starts_the_next_batch_with_the_same_schema() {
        DataFrame frame = DataFrame.builder().name("n").refId("R").field(Field.float64("v").appendDouble(1)).build();
        DataFrame.Builder b = frame.emptyCopy();
        b.build().field(0); // the copy's own fields are new
        DataFrame copy = frame.emptyCopy().build();
        assertThat(copy.rowCount()).isZero();
        assertThat(copy.field(0)).isNotSameAs(frame.field(0));
        assertThat(FrameJson.encodeSchema(copy)).isEqualTo(FrameJson.encodeSchema(frame));
    }

    @Test
    void a_built_frame_encodes_the_same_from_many_threads() throws Exception {
        Field t = Field.time("time");
        Field v = Field.float64("v", true);
        for (int i = 0; i < 1_000; i++) {
            t.appendTimeMillis(1_700_000_000_000L + i);
            if (i % 10 == 0) {
                v.appendNull();
            } else {
                v.appendDouble(i / 8.0);
            }
        }
        DataFrame frame = DataFrame.of(t, v);
        byte[] expected = FrameJson.encode(frame);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> FrameJson.encode(frame)));
            }
            for (Future<byte[]> r : results) {
                assertThat(r.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
