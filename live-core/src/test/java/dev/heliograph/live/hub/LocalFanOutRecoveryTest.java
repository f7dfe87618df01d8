package dev.heliograph.live.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.testing.ForwardingHub;
import dev.heliograph.live.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The resubscribe hook: an engine that lost its subscription for a while says
 * {@link Hub.Listener#onResubscribed}, and the node's {@link LocalFanOut} reads the gap from
 * history. Played with a real {@link LocalHub} whose deliveries are cut, as a Redis PUB/SUB
 * connection's are while it reconnects.
 */
@DisplayName("LocalFanOut recovers what the engine missed while resubscribing")
class LocalFanOutRecoveryTest {

    private static final OrgChannel CH = OrgChannel.of(1, "grafana/broadcast/recover");
    private static final HistoryOptions KEEP = HistoryOptions.of(100, Duration.ofMinutes(1));

    private final CuttableHub hub = new CuttableHub(new LocalHub());
    private final LocalFanOut local = LocalFanOut.attachTo(hub);
    private final List<Publication> received = new ArrayList<>();

    @AfterEach
    void close() {
        hub.close();
    }

    private void publish(int n) {
        hub.publish(Publication.of(CH, RawJson.parse("{\"n\":" + n + "}")), KEEP).toCompletableFuture().join();
    }

    private List<Long> offsets() {
        return received.stream().map(p -> p.position().offset()).toList();
    }

    @Test
    @DisplayName("publications missed while cut are delivered in order after onResubscribed, then live ones, none twice")
    void missedPublicationsAreRecovered() {
        local.subscribe(CH, received::add);
        for (int i = 1; i <= 3; i++) {
            publish(i);
        }
        hub.cut = true;
        for (int i = 4; i <= 23; i++) {
            publish(i);
        }
        hub.cut = false;
        publish(24); // arrives live before the engine reports the resubscribe: a gap the node must not paper over

        hub.resubscribed(CH);
        publish(25);

        assertThat(offsets()).containsExactlyElementsOf(LongStream.rangeClosed(1, 25).boxed().toList());
        assertThat(local.lastDelivered(CH).offset()).isEqualTo(25);
    }

    @Test
    @DisplayName("the last publications missed while cut, with nothing after them, come with onResubscribed alone")
    void tailIsRecoveredOnResubscribe() {
        local.subscribe(CH, received::add);
        publish(1);
        hub.cut = true;
        publish(2);
        publish(3);
        hub.cut = false;
        assertThat(offsets()).containsExactly(1L);

        hub.resubscribed(CH);

        assertThat(offsets()).containsExactly(1L, 2L, 3L);
    }

    @Test
    @DisplayName("a replayed publication (offset already delivered) is dropped")
    void replaysAreDropped() {
        local.subscribe(CH, received::add);
        publish(1);
        publish(2);
        Publication second = received.get(1);

        local.onPublication(second);

        assertThat(offsets()).containsExactly(1L, 2L);
    }

    @Test
    @DisplayName("when the stream's epoch changed the gap cannot be closed: it is logged, and live delivery goes on")
    void epochChangeIsReported() {
        local.subscribe(CH, received::add);
        publish(1);
        hub.cut = true;
        publish(2);
        hub.cut = false;
        StreamPosition other = new StreamPosition(1, "another-epoch");

        try (LogCapture log = new LogCapture(LocalFanOut.class)) {
            hub.resubscribedWithLostStream(CH);
            assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("changed epoch"));
        }
        local.onPublication(Publication.of(CH, RawJson.parse("{\"n\":9}")).at(other));

        assertThat(received).extracting(p -> p.data().toString()).containsExactly("{\"n\":1}", "{\"n\":9}");
    }

    /** A LocalHub whose deliveries can be cut (dropped), and that can report a resubscribe. */
    static final class CuttableHub extends ForwardingHub {
        volatile boolean cut;
        private volatile boolean lostStream;
        private Listener listener;

        CuttableHub(Hub real) {
            super(real);
        }

        @Override
        public void attach(Listener listener) {
            this.listener = listener;
            real().attach(new Listener() {
                @Override
                public void onPublication(Publication publication) {
                    if (!cut) {
                        listener.onPublication(publication);
                    }
                }

                @Override
                public void onResubscribed(OrgChannel channel) {
                    listener.onResubscribed(channel);
                }

                @Override
                public void onClosed() {
                    listener.onClosed();
                }
            });
        }

        @Override
        public java.util.concurrent.CompletionStage<HistoryResult> history(OrgChannel channel, HistoryQuery query) {
            if (lostStream) {
                return java.util.concurrent.CompletableFuture.completedFuture(
                        new HistoryResult(List.of(), new StreamPosition(0, "fresh-epoch")));
            }
            return super.history(channel, query);
        }

        void resubscribed(OrgChannel channel) {
            listener.onResubscribed(channel);
        }

        void resubscribedWithLostStream(OrgChannel channel) {
            lostStream = true;
            listener.onResubscribed(channel);
        }
    }
}
