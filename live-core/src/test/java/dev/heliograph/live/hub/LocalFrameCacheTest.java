package dev.heliograph.live.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The in-memory frame cache forgets: entries expire a TTL after their last update, and there is a maximum of channels. */
@DisplayName("LocalHub's frame cache, bounded in time and size")
class LocalFrameCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    private static OrgChannel stream(String measurement) {
        return OrgChannel.of(1, "stream/telegraf/" + measurement);
    }

    private static CachedFrame frame(String schemaName, int value) {
        String schema = "{\"schema\":{\"name\":\"" + schemaName + "\",\"fields\":[]}}";
        return new CachedFrame(RawJson.parse(schema),
                RawJson.parse(schema.substring(0, schema.length() - 1) + ",\"data\":{\"values\":[[" + value + "]]}}"));
    }

    private LocalFrameCache cache(LocalHub hub) {
        return (LocalFrameCache) hub.frameCache();
    }

    @Test
    @DisplayName("by default a frame is served for 7 days after its last update, then neither get nor list shows it")
    void defaultTtlIsSevenDays() {
        LocalHub hub = LocalHub.builder().clock(clock).build();
        hub.frameCache().update(stream("cpu"), frame("cpu", 1));

        clock.advance(Duration.ofDays(7).minusMillis(1));
        assertThat(hub.frameCache().get(stream("cpu"))).contains(frame("cpu", 1));
        assertThat(hub.frameCache().list(1)).hasSize(1);

        clock.advance(Duration.ofMillis(1));
        assertThat(hub.frameCache().get(stream("cpu"))).isEmpty();
        assertThat(hub.frameCache().list(1)).isEmpty();
    }

    @Test
    @DisplayName("an update pushes the deadline a full TTL forward; reads do not")
    void updatesRefresh() {
        LocalHub hub = LocalHub.builder().clock(clock).frameTtl(Duration.ofMinutes(10)).build();
        hub.frameCache().update(stream("cpu"), frame("cpu", 1));

        clock.advance(Duration.ofMinutes(9));
        hub.frameCache().update(stream("cpu"), frame("cpu", 2));
        clock.advance(Duration.ofMinutes(9));
        assertThat(hub.frameCache().get(stream("cpu"))).as("18 min after the first update, 9 after the last")
                .contains(frame("cpu", 2));

        clock.advance(Duration.ofMinutes(1));
        assertThat(hub.frameCache().get(stream("cpu"))).isEmpty();
    }

    @Test
    @DisplayName("the first frame after expiry counts as a schema change, so subscribers get the schema again")
    void expiredIsLikeAbsent() {
        LocalHub hub = LocalHub.builder().clock(clock).frameTtl(Duration.ofMinutes(10)).build();
        assertThat(hub.frameCache().update(stream("cpu"), frame("cpu", 1))).isTrue();
        assertThat(hub.frameCache().update(stream("cpu"), frame("cpu", 2))).isFalse();

        clock.advance(Duration.ofMinutes(10));

        assertThat(hub.frameCache().update(stream("cpu"), frame("cpu", 3))).isTrue();
        assertThat(hub.frameCache().list(1)).singleElement().extracting(ManagedChannel::minuteRate)
                .as("the rate starts over with the entry").isEqualTo(1L);
    }

    @Test
    @DisplayName("expired entries are removed, not just hidden, by the next call of any kind")
    void expiredEntriesAreFreed() {
        LocalHub hub = LocalHub.builder().clock(clock).frameTtl(Duration.ofMinutes(10)).build();
        for (int i = 0; i < 100; i++) {
            hub.frameCache().update(stream("m" + i), frame("m" + i, i));
        }
        clock.advance(Duration.ofMinutes(5));
        hub.frameCache().update(stream("late"), frame("late", 0));
        assertThat(cache(hub).size()).isEqualTo(101);

        clock.advance(Duration.ofMinutes(5));
        hub.frameCache().get(stream("other"));

        assertThat(cache(hub).size()).as("only the entry updated 5 minutes ago is left").isEqualTo(1);
        assertThat(hub.frameCache().get(stream("late"))).contains(frame("late", 0));
    }

    @Test
    @DisplayName("beyond the maximum of channels, a new one drops the least recently updated")
    void maximumDropsLeastRecentlyUpdated() {
        LocalHub hub = LocalHub.builder().clock(clock).maxCachedFrames(3).build();
        hub.frameCache().update(stream("a"), frame("a", 1));
        hub.frameCache().update(stream("b"), frame("b", 1));
        hub.frameCache().update(stream("c"), frame("c", 1));
        hub.frameCache().update(stream("a"), frame("a", 2));
        hub.frameCache().get(stream("b")); // reading does not keep an entry

        hub.frameCache().update(stream("d"), frame("d", 1));

        assertThat(hub.frameCache().get(stream("b"))).isEmpty();
        assertThat(hub.frameCache().list(1)).extracting(m -> m.channel().toString())
                .containsExactly("stream/telegraf/a", "stream/telegraf/c", "stream/telegraf/d");
        assertThat(cache(hub).size()).isEqualTo(3);
    }

    @Test
    @DisplayName("pushing to ever new measurements keeps at most the maximum in memory")
    void endlessNewChannelsStayBounded() {
        LocalHub hub = LocalHub.builder().clock(clock).maxCachedFrames(50).build();

        for (int i = 0; i < 10_000; i++) {
            hub.frameCache().update(stream("m" + i), frame("m" + i, i));
        }

        assertThat(cache(hub).size()).isEqualTo(50);
        assertThat(hub.frameCache().get(stream("m9999"))).contains(frame("m9999", 9999));
        assertThat(hub.frameCache().get(stream("m9949"))).isEmpty();
    }

    @Test
    @DisplayName("a zero or negative frame TTL and a maximum below 1 are refused with the value")
    void rejectsBadBounds() {
        assertThatThrownBy(() -> LocalHub.builder().frameTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> LocalHub.builder().frameTtl(Duration.ofSeconds(-1)))
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> LocalHub.builder().maxCachedFrames(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
