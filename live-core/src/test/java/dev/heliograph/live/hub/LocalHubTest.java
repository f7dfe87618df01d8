package dev.heliograph.live.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What {@link LocalHub} promises beyond the compatibility kit: synchronous dispatch, cleanup, exact expiry. */
@DisplayName("LocalHub")
class LocalHubTest {

    private static final OrgChannel CH = OrgChannel.of(1, "grafana/broadcast/test");
    private static final Publication MSG = Publication.of(CH, RawJson.parse("{\"n\":1}"));

    @Nested
    @DisplayName("dispatch")
    class Dispatch {

        @Test
        @DisplayName("publish delivers on the caller's thread before it returns, and returns a completed stage")
        void synchronousOnCallerThread() {
            try (LocalHub hub = new LocalHub()) {
                LocalFanOut local = LocalFanOut.attachTo(hub);
                AtomicReference<Thread> deliveredOn = new AtomicReference<>();
                local.subscribe(CH, p -> deliveredOn.set(Thread.currentThread()));

                CompletableFuture<StreamPosition> stage = hub.publish(MSG).toCompletableFuture();

                assertThat(deliveredOn.get()).isSameAs(Thread.currentThread());
                assertThat(stage).isCompleted();
            }
        }

        @Test
        @DisplayName("every subscriber receives the same Publication instance, so it is encoded once")
        void sharesPublicationInstance() {
            try (LocalHub hub = new LocalHub()) {
                LocalFanOut local = LocalFanOut.attachTo(hub);
                List<Publication> seen = new ArrayList<>();
                local.subscribe(CH, seen::add);
                local.subscribe(CH, seen::add);

                local.dispatch(MSG);

                assertThat(seen).hasSize(2).allSatisfy(p -> assertThat(p).isSameAs(MSG));
            }
        }

        @Test
        @DisplayName("the channel entry is removed when its last subscriber leaves")
        void removesEmptyChannel() {
            try (LocalHub hub = new LocalHub()) {
                LocalFanOut local = LocalFanOut.attachTo(hub);
                Subscription a = local.subscribe(CH, p -> {});
                Subscription b = local.subscribe(CH, p -> {});
                assertThat(local.channelCount()).isEqualTo(1);
                a.close();
                assertThat(local.channelCount()).isEqualTo(1);
                b.close();
                assertThat(local.channelCount()).isZero();
            }
        }

        @Test
        @DisplayName("a subscriber may close its own subscription while receiving, and gets nothing afterwards")
        void closeFromInsideCallback() {
            try (LocalHub hub = new LocalHub()) {
                LocalFanOut local = LocalFanOut.attachTo(hub);
                AtomicInteger calls = new AtomicInteger();
                AtomicReference<Subscription> self = new AtomicReference<>();
                self.set(local.subscribe(CH, p -> {
                    calls.incrementAndGet();
                    self.get().close();
                }));

                hub.publish(MSG);
                hub.publish(MSG);

                assertThat(calls).hasValue(1);
                assertThat(local.count(CH)).isZero();
            }
        }

        @Test
        @DisplayName("a subscriber closed by an earlier subscriber of the same publication does not receive it")
        void closedMidDispatchIsSkipped() {
            try (LocalHub hub = new LocalHub()) {
                LocalFanOut local = LocalFanOut.attachTo(hub);
                AtomicInteger secondCalls = new AtomicInteger();
                AtomicReference<Subscription> second = new AtomicReference<>();
                local.subscribe(CH, p -> second.get().close());
                second.set(local.subscribe(CH, p -> secondCalls.incrementAndGet()));

                hub.publish(MSG);

                assertThat(secondCalls).hasValue(0);
            }
        }
    }

    @Nested
    @DisplayName("history with a hand-moved clock")
    class HistoryBounds {

        private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

        private StreamPosition publish(LocalHub hub, OrgChannel ch, HistoryOptions options) {
            return hub.publish(Publication.of(ch, RawJson.parse("1")), options).toCompletableFuture().join();
        }

        private HistoryResult read(LocalHub hub, OrgChannel ch) {
            return hub.history(ch, HistoryQuery.since(null)).toCompletableFuture().join();
        }

        @Test
        @DisplayName("expired publications are swept by the timer without another publish, and the empty stream goes")
        void sweptWithoutPublish() {
            try (LocalHub hub = LocalHub.builder().clock(clock).historySweepInterval(Duration.ofMillis(10)).build()) {
                publish(hub, CH, HistoryOptions.of(10, Duration.ofSeconds(30)));
                assertThat(hub.historyStreamCount()).isEqualTo(1);

                clock.advance(Duration.ofSeconds(31));

                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hub.historyStreamCount() == 0);
            }
        }

        @Test
        @DisplayName("a publication is readable until its TTL passes, even before the sweeper ran")
        void readFiltersExpired() {
            try (LocalHub hub = LocalHub.builder().clock(clock).historySweepInterval(Duration.ofHours(1)).build()) {
                publish(hub, CH, HistoryOptions.of(10, Duration.ofSeconds(30)));
                clock.advance(Duration.ofSeconds(29));
                assertThat(read(hub, CH).publications()).hasSize(1);
                clock.advance(Duration.ofSeconds(1));
                assertThat(read(hub, CH).publications()).isEmpty();
            }
        }

        @Test
        @DisplayName("a channel keeps at most maxHistorySize publications, whatever a publish asks")
        void sizeIsCapped() {
            try (LocalHub hub = LocalHub.builder().maxHistorySize(3).build()) {
                for (int i = 0; i < 10; i++) {
                    publish(hub, CH, HistoryOptions.of(1_000, Duration.ofMinutes(1)));
                }
                assertThat(read(hub, CH).publications()).extracting(p -> p.position().offset()).containsExactly(8L, 9L, 10L);
            }
        }

        @Test
        @DisplayName("beyond maxHistoryStreams channels the least recently published stream is dropped")
        void streamsAreCapped() {
            OrgChannel a = OrgChannel.of(1, "grafana/broadcast/a");
            OrgChannel b = OrgChannel.of(1, "grafana/broadcast/b");
            OrgChannel c = OrgChannel.of(1, "grafana/broadcast/c");
            HistoryOptions keep = HistoryOptions.of(10, Duration.ofMinutes(1));
            try (LocalHub hub = LocalHub.builder().clock(clock).maxHistoryStreams(2).build()) {
                StreamPosition onA = publish(hub, a, keep);
                clock.advance(Duration.ofSeconds(1));
                publish(hub, b, keep);
                clock.advance(Duration.ofSeconds(1));
                publish(hub, c, keep);

                assertThat(hub.historyStreamCount()).isEqualTo(2);
                StreamPosition againOnA = publish(hub, a, keep);
                assertThat(againOnA.epoch()).as("a's stream was dropped: a new epoch").isNotEqualTo(onA.epoch());
                assertThat(againOnA.offset()).isEqualTo(1);
                assertThat(hub.historyStreamCount()).isEqualTo(2);
            }
        }

        @Test
        @DisplayName("the builder refuses bounds below 1")
        void badBounds() {
            assertThatThrownBy(() -> LocalHub.builder().maxHistorySize(0)).hasMessageContaining("maxHistorySize");
            assertThatThrownBy(() -> LocalHub.builder().maxHistoryStreams(0)).hasMessageContaining("maxHistoryStreams");
            assertThatThrownBy(() -> LocalHub.builder().historySweepInterval(Duration.ZERO)).hasMessageContaining("sweep");
        }

        @Test
        @DisplayName("an engine serves one node: a second listener is refused")
        void oneListener() {
            try (LocalHub hub = new LocalHub()) {
                LocalFanOut.attachTo(hub);
                assertThatThrownBy(() -> LocalFanOut.attachTo(hub))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("one node");
            }
        }
    }

    @Nested
    @DisplayName("presence with a hand-moved clock")
    class PresenceExpiry {

        private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        private final LocalHub hub = LocalHub.builder().clock(clock).presenceTtl(Duration.ofSeconds(60)).build();

        @Test
        @DisplayName("an entry is visible until its TTL passes, then invisible")
        void expiresExactlyAtTtl() {
            hub.presence().add(CH, ClientInfo.of("alice", "c-1"));

            clock.advance(Duration.ofSeconds(59));
            assertThat(hub.presence().list(CH)).containsOnlyKeys("c-1");
            clock.advance(Duration.ofSeconds(1));
            assertThat(hub.presence().list(CH)).isEmpty();
            assertThat(hub.presence().stats(CH)).isEqualTo(new PresenceStats(0, 0));
        }

        @Test
        @DisplayName("re-adding an entry pushes its deadline a full TTL forward")
        void refreshExtends() {
            hub.presence().add(CH, ClientInfo.of("alice", "c-1"));
            clock.advance(Duration.ofSeconds(50));
            hub.presence().add(CH, ClientInfo.of("alice", "c-1"));
            clock.advance(Duration.ofSeconds(50));

            assertThat(hub.presence().list(CH)).containsOnlyKeys("c-1");
        }

        @Test
        @DisplayName("expired entries are purged, and a channel with none left is dropped")
        void purgesExpired() {
            LocalPresence presence = (LocalPresence) hub.presence();
            hub.presence().add(CH, ClientInfo.of("alice", "c-1"));
            hub.presence().add(OrgChannel.of(1, "a/b/never-read-again"), ClientInfo.of("bob", "c-2"));
            assertThat(presence.channelCount()).isEqualTo(2);

            clock.advance(Duration.ofSeconds(61));
            hub.presence().stats(CH); // reading purges this channel and sweeps the others

            assertThat(presence.channelCount()).isZero();
        }

        @Test
        @DisplayName("an add racing with the removal of the channel's last other client is never lost")
        void addRacingWithChannelDrop() throws InterruptedException {
            AtomicBoolean stop = new AtomicBoolean();
            Thread churn = new Thread(() -> {
                while (!stop.get()) {
                    hub.presence().add(CH, ClientInfo.of("bob", "churn"));
                    hub.presence().remove(CH, "churn"); // empties and drops the channel each time
                }
            });
            churn.start();
            try {
                for (int i = 0; i < 20_000; i++) {
                    String client = "c-" + i;
                    hub.presence().add(CH, ClientInfo.of("alice", client));
                    assertThat(hub.presence().list(CH)).as("round %d", i).containsKey(client);
                    hub.presence().remove(CH, client);
                }
            } finally {
                stop.set(true);
                churn.join();
            }
        }

        @Test
        @DisplayName("removing the last client drops the channel")
        void removeDropsChannel() {
            LocalPresence presence = (LocalPresence) hub.presence();
            hub.presence().add(CH, ClientInfo.of("alice", "c-1"));
            hub.presence().remove(CH, "c-1");
            assertThat(presence.channelCount()).isZero();
        }
    }

    @Nested
    @DisplayName("frame cache with a hand-moved clock")
    class FrameRates {

        private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00.500Z"));
        private final LocalHub hub = LocalHub.builder().clock(clock).build();
        private final OrgChannel stream = OrgChannel.of(1, "stream/telegraf/cpu");
        private final CachedFrame frame = new CachedFrame(
                RawJson.parse("{\"schema\":{\"fields\":[]}}"), RawJson.parse("{\"schema\":{\"fields\":[]},\"data\":{}}"));

        @Test
        @DisplayName("the minute rate counts the updates of the last 60 seconds only")
        void minuteRateSlides() {
            for (int i = 0; i < 30; i++) {
                hub.frameCache().update(stream, frame);
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(hub.frameCache().list(1)).singleElement()
                    .extracting(ManagedChannel::minuteRate).isEqualTo(30L);

            clock.advance(Duration.ofSeconds(45)); // now 75.5 s: updates at 16.5 .. 29.5 s are within 60 s
            assertThat(hub.frameCache().list(1)).singleElement()
                    .extracting(ManagedChannel::minuteRate).isEqualTo(14L);

            clock.advance(Duration.ofMinutes(5));
            assertThat(hub.frameCache().list(1)).singleElement()
                    .extracting(ManagedChannel::minuteRate).isEqualTo(0L);
            assertThat(hub.frameCache().get(stream)).as("the frame outlives its rate (it expires after days)").contains(frame);
        }
    }

    @Nested
    @DisplayName("configuration and close")
    class Configuration {

        @Test
        @DisplayName("a zero or negative presence TTL is refused with the value")
        void rejectsBadTtl() {
            assertThatThrownBy(() -> LocalHub.builder().presenceTtl(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PT0S");
            assertThatThrownBy(() -> LocalHub.builder().presenceTtl(Duration.ofSeconds(-1)))
                    .hasMessageContaining("PT-1S");
        }

        @Test
        @DisplayName("closing drops subscribers, presence and frames")
        void closeReleasesState() {
            LocalHub hub = new LocalHub();
            LocalFanOut local = LocalFanOut.attachTo(hub);
            local.subscribe(CH, p -> {});
            hub.presence().add(CH, ClientInfo.of("alice", "c-1"));

            hub.close();

            assertThat(local.channelCount()).as("the engine closed its node's fan-out").isZero();
            assertThat(local.count(CH)).isZero();
            assertThatThrownBy(() -> local.subscribe(CH, p -> {})).hasMessageContaining("closed");
            assertThat(hub.presence().list(CH)).isEmpty();
        }
    }
}
