package dev.heliograph.live.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Publication")
class PublicationTest {

    private static final OrgChannel CH = OrgChannel.of(1, "grafana/broadcast/p");
    private static final AtomicInteger TEXT_ENCODES = new AtomicInteger();
    private static final AtomicInteger LENGTH_ENCODES = new AtomicInteger();
    private static final WireFormat<String> TEXT = WireFormat.define("test-text", p -> {
        TEXT_ENCODES.incrementAndGet();
        return "text:" + p.data();
    });
    private static final WireFormat<Integer> LENGTH = WireFormat.define("test-length", p -> {
        LENGTH_ENCODES.incrementAndGet();
        return p.data().length();
    });

    @Test
    @DisplayName("the encode cache keeps one result per wire format, each computed once")
    void oneEncodingPerFormat() {
        Publication p = Publication.of(CH, RawJson.parse("[1,2]"));
        int texts = TEXT_ENCODES.get();
        int lengths = LENGTH_ENCODES.get();

        assertThat(p.encodeOnce(TEXT)).isEqualTo("text:[1,2]");
        assertThat(p.encodeOnce(LENGTH)).isEqualTo(5);
        assertThat(p.encodeOnce(TEXT)).isEqualTo("text:[1,2]");
        assertThat(p.encodeOnce(LENGTH)).isEqualTo(5);

        assertThat(TEXT_ENCODES.get() - texts).isEqualTo(1);
        assertThat(LENGTH_ENCODES.get() - lengths).isEqualTo(1);
    }

    @Test
    @DisplayName("a position is set only on a copy, only for data publications")
    void position() {
        Publication p = Publication.of(CH, RawJson.parse("{}"));
        Publication kept = p.at(new StreamPosition(3, "ep"));

        assertThat(p.position()).isNull();
        assertThat(kept.position()).isEqualTo(new StreamPosition(3, "ep"));
        assertThat(kept.data()).isSameAs(p.data());
        assertThat(kept).hasToString("PUBLICATION " + CH + " {} at 3/ep");
        assertThatThrownBy(() -> Publication.join(CH, ClientInfo.of("u", "c")).at(new StreamPosition(1, "ep")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("JOIN");
    }

    @Test
    @DisplayName("history options and positions refuse nonsense with a clear message")
    void badValues() {
        assertThatThrownBy(() -> HistoryOptions.of(0, java.time.Duration.ofSeconds(1)))
                .hasMessageContaining("HistoryOptions.NONE");
        assertThatThrownBy(() -> HistoryOptions.of(10, java.time.Duration.ZERO)).hasMessageContaining("TTL");
        assertThatThrownBy(() -> new StreamPosition(-1, "e")).hasMessageContaining("negative");
    }
}
