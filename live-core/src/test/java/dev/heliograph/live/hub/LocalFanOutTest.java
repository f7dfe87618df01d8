package dev.heliograph.live.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What {@link LocalFanOut} tells the engine built on it. Dispatch and unsubscribe
 * are covered through {@link LocalHubTest} and the compatibility kit, which both engines run.
 */
@DisplayName("LocalFanOut")
class LocalFanOutTest {

    private static final OrgChannel A = OrgChannel.of(1, "grafana/broadcast/a");
    private static final OrgChannel B = OrgChannel.of(2, "grafana/broadcast/a");

    private final List<String> events = new ArrayList<>();
    private final LocalFanOut registry = new LocalFanOut(
            channel -> events.add("first " + channel), channel -> events.add("last " + channel));

    @Test
    @DisplayName("a channel's first subscriber and the departure of its last are reported once each, in order")
    void firstAndLastAreReported() {
        Subscription one = registry.subscribe(A, p -> {});
        Subscription two = registry.subscribe(A, p -> {});
        one.close();
        two.close();
        registry.subscribe(A, p -> {});

        assertThat(events).containsExactly("first " + A, "last " + A, "first " + A);
    }

    @Test
    @DisplayName("the same channel id in two orgs is reported as two channels")
    void orgsAreSeparateChannels() {
        registry.subscribe(A, p -> {}).close();
        registry.subscribe(B, p -> {});

        assertThat(events).containsExactly("first " + A, "last " + A, "first " + B);
        assertThat(registry.channelCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("closing a subscription twice reports its channel's last departure once")
    void closeTwiceReportsOnce() {
        Subscription s = registry.subscribe(A, p -> {});
        s.close();
        registry.subscribe(A, p -> {});
        s.close();

        assertThat(events).containsExactly("first " + A, "last " + A, "first " + A);
        assertThat(registry.count(A)).isEqualTo(1);
    }

    @Test
    @DisplayName("dispatch reaches the subscribers of the publication's channel only, in subscription order")
    void dispatchByChannel() {
        List<String> seen = new ArrayList<>();
        registry.subscribe(A, p -> seen.add("a1"));
        registry.subscribe(B, p -> seen.add("b"));
        registry.subscribe(A, p -> seen.add("a2"));

        registry.dispatch(Publication.of(A, RawJson.parse("{}")));

        assertThat(seen).containsExactly("a1", "a2");
    }

    @Test
    @DisplayName("tells each publication, before delivering it, how many local subscribers it is handed to")
    void publicationKnowsItsFanOut() {
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            registry.subscribe(A, p -> seen.add(p.fanOut()));
        }
        Publication publication = Publication.of(A, RawJson.parse("{}"));
        assertThat(publication.fanOut()).isZero();

        registry.dispatch(publication);

        assertThat(seen).hasSize(20).containsOnly(20);
    }

    @Test
    @DisplayName("cancel returns while a dispatch of the channel is still running elsewhere, and the subscriber gets nothing dispatched after")
    void cancelDoesNotWait() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger cancelledSaw = new AtomicInteger();
        registry.subscribe(A, p -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Subscription cancelled = registry.subscribe(A, p -> cancelledSaw.incrementAndGet());
        Thread dispatcher = new Thread(() -> registry.dispatch(Publication.of(A, RawJson.parse("{}"))));
        dispatcher.start();
        inside.await();

        cancelled.cancel(); // close() would wait here for the blocked dispatch
        release.countDown();
        dispatcher.join(10_000);
        registry.dispatch(Publication.of(A, RawJson.parse("{}")));

        assertThat(cancelledSaw).hasValue(0);
        assertThat(registry.count(A)).isEqualTo(1);
    }

    @Test
    @DisplayName("a subscriber that throws an Error is logged and skipped like one that throws an exception")
    void errorsAreContained() {
        AtomicInteger after = new AtomicInteger();
        registry.subscribe(A, p -> {
            throw new AssertionError("subscriber failure on purpose (registry test)");
        });
        registry.subscribe(A, p -> after.incrementAndGet());

        registry.dispatch(Publication.of(A, RawJson.parse("{}")));

        assertThat(after).hasValue(1);
    }

    @Test
    @DisplayName("close drops every subscriber without reporting departures, and their close becomes a no-op")
    void closeDropsSilently() {
        AtomicInteger calls = new AtomicInteger();
        Subscription s = registry.subscribe(A, p -> calls.incrementAndGet());
        events.clear();

        registry.close();
        registry.dispatch(Publication.of(A, RawJson.parse("{}")));
        s.close();

        assertThat(calls).hasValue(0);
        assertThat(registry.channelCount()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    @DisplayName("after close, adding a subscriber throws a LiveException that says the hub is closed")
    void addAfterCloseThrows() {
        registry.close();

        assertThatThrownBy(() -> registry.subscribe(A, p -> {}))
                .isInstanceOf(dev.heliograph.live.LiveException.class)
                .hasMessageContaining("the hub is closed");
        assertThat(events).isEmpty();
    }

    @Test
    @DisplayName("null channel, subscriber or callback is refused by name")
    void refusesNulls() {
        assertThatThrownBy(() -> registry.subscribe(null, p -> {})).hasMessage("channel");
        assertThatThrownBy(() -> registry.subscribe(A, null)).hasMessage("subscriber");
        assertThatThrownBy(() -> new LocalFanOut(null, c -> {})).hasMessage("firstSubscriberArrived");
    }
}
