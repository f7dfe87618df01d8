package dev.heliograph.live.protocol;

import static dev.heliograph.live.protocol.SessionHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.HistoryQuery;
import dev.heliograph.live.hub.HistoryResult;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.testing.ForwardingHub;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Positioned subscriptions and recovery through a client session, on the real in-memory engine:
 * the {@code test/ns/history...} channels of {@link TestChannels} keep history and allow recovery.
 */
@DisplayName("History and recovery through a client session")
class ClientSessionRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANNEL = "1/test/ns/history-a";

    private final HeldHistoryHub[] held = new HeldHistoryHub[1];
    private final SessionHarness harness = new SessionHarness(b -> {}, LocalHub.builder(), gated -> {
        held[0] = new HeldHistoryHub(gated);
        return held[0];
    });

    @AfterEach
    void close() {
        harness.close();
    }

    private static JsonNode json(String message) {
        try {
            return JSON.readTree(message);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + message, e);
        }
    }

    private void publish(String wireChannel, int n) {
        SessionHarness.Client publisher = harness.connected(SessionHarness.OTHER_USER);
        publisher.call("{\"id\":2,\"publish\":{\"channel\":\"" + wireChannel + "\",\"data\":{\"n\":" + n + "}}}");
    }

    private void publishRange(String wireChannel, int from, int to) {
        for (int n = from; n <= to; n++) {
            harness.node.publish(SessionHarness.OTHER_USER, OrgChannel.parseWire(wireChannel),
                    RawJson.parse("{\"n\":" + n + "}"), null).toCompletableFuture().join();
        }
    }

    /** The {@code pub} pushes of {@code channel} the client received, as {n, offset} pairs. */
    private static List<long[]> pubs(SessionHarness.Client c, String channel) {
        List<long[]> out = new ArrayList<>();
        for (String m : c.messages()) {
            JsonNode push = json(m).path("push");
            if (push.path("channel").asText().equals(channel) && push.has("pub")) {
                out.add(new long[] {push.path("pub").path("data").path("n").asLong(), push.path("pub").path("offset").asLong()});
            }
        }
        return out;
    }

    private static List<Long> offsets(JsonNode publications) {
        List<Long> out = new ArrayList<>();
        publications.forEach(p -> out.add(p.path("offset").asLong()));
        return out;
    }

    @Test
    @DisplayName("a channel with history answers recoverable, positioned, epoch and offset, and its pushes carry offsets")
    void positionedSubscribe() {
        SessionHarness.Client c = harness.connected();
        String raw = c.call("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\",\"recoverable\":true,\"positioned\":true}}");
        assertThat(raw).matches("\\{\"id\":2,\"subscribe\":\\{\"recoverable\":true,\"positioned\":true,\"epoch\":\"[^\"]+\",\"offset\":0}}");
        JsonNode reply = json(raw).path("subscribe");
        assertThat(reply.path("recoverable").asBoolean()).isTrue();
        assertThat(reply.path("positioned").asBoolean()).isTrue();
        assertThat(reply.path("epoch").asText()).isNotEmpty();
        assertThat(reply.path("offset").asLong()).isZero();
        assertThat(reply.has("was_recovering")).isFalse();

        publishRange(CHANNEL, 1, 3);

        await().until(() -> pubs(c, CHANNEL).size() == 3);
        assertThat(pubs(c, CHANNEL)).extracting(p -> p[1]).containsExactly(1L, 2L, 3L);
    }

    @Test
    @DisplayName("a channel without history answers as before: no position, no offsets, history 108")
    void noHistoryNoChange() {
        SessionHarness.Client c = harness.connected();
        assertThat(c.call("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/plain\",\"recover\":true,\"offset\":3,\"epoch\":\"x\"}}"))
                .isEqualTo("{\"id\":2,\"subscribe\":{}}");
        publishRange("1/test/ns/plain", 1, 1);
        assertThat(c.awaitMessages(3).get(2)).isEqualTo("{\"push\":{\"channel\":\"1/test/ns/plain\",\"pub\":{\"data\":{\"n\":1}}}}");
        assertThat(c.call("{\"id\":3,\"history\":{\"channel\":\"1/test/ns/plain\",\"limit\":10}}"))
                .isEqualTo("{\"id\":3,\"error\":{\"code\":108,\"message\":\"not available\"}}");
    }

    @Test
    @DisplayName("recover with the same epoch and everything missed in history: the missed publications in order, recovered, then live ones")
    void recovers() {
        SessionHarness.Client first = harness.connected();
        String epoch = json(first.call("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\"}}")).path("subscribe").path("epoch").asText();
        publishRange(CHANNEL, 1, 2);
        await().until(() -> pubs(first, CHANNEL).size() == 2);
        first.session.onTransportClosed(); // cut, not unsubscribed
        publishRange(CHANNEL, 3, 7);

        SessionHarness.Client back = harness.connected();
        JsonNode reply = json(back.call("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL
                + "\",\"recover\":true,\"offset\":2,\"epoch\":\"" + epoch + "\"}}")).path("subscribe");

        assertThat(reply.path("recovered").asBoolean()).as("reply %s", reply).isTrue();
        assertThat(reply.path("was_recovering").asBoolean()).isTrue();
        assertThat(reply.path("epoch").asText()).isEqualTo(epoch);
        assertThat(offsets(reply.path("publications"))).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(reply.path("publications").get(0).path("data").path("n").asInt()).isEqualTo(3);

        publishRange(CHANNEL, 8, 8);
        await().until(() -> pubs(back, CHANNEL).size() == 1);
        assertThat(pubs(back, CHANNEL).get(0)).containsExactly(8L, 8L);
    }

    @Test
    @DisplayName("recover when nothing was missed: recovered with no publications")
    void recoversNothingMissed() {
        SessionHarness.Client first = harness.connected();
        String epoch = json(first.call("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\"}}")).path("subscribe").path("epoch").asText();
        publishRange(CHANNEL, 1, 2);

        JsonNode reply = json(harness.connected().call("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL
                + "\",\"recover\":true,\"offset\":2,\"epoch\":\"" + epoch + "\"}}")).path("subscribe");
        assertThat(reply.path("recovered").asBoolean()).isTrue();
        assertThat(reply.has("publications")).isFalse();
        assertThat(reply.path("offset").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("recover from a position history no longer holds: recovered false, was_recovering, no publications, the current top")
    void tooOld() {
        String channel = "1/test/ns/history-small-a";
        SessionHarness.Client first = harness.connected();
        String epoch = json(first.call("{\"id\":2,\"subscribe\":{\"channel\":\"" + channel + "\"}}")).path("subscribe").path("epoch").asText();
        publishRange(channel, 1, 10); // history keeps 8, 9, 10

        JsonNode reply = json(harness.connected().call("{\"id\":2,\"subscribe\":{\"channel\":\"" + channel
                + "\",\"recover\":true,\"offset\":2,\"epoch\":\"" + epoch + "\"}}")).path("subscribe");
        assertThat(reply.path("recovered").asBoolean()).isFalse();
        assertThat(reply.path("was_recovering").asBoolean()).isTrue();
        assertThat(reply.has("publications")).isFalse();
        assertThat(reply.path("offset").asLong()).isEqualTo(10);
        assertThat(reply.path("epoch").asText()).isEqualTo(epoch);
    }

    @Test
    @DisplayName("recover from another epoch: recovered false and the new epoch, even when the offsets would fit")
    void epochChanged() {
        harness.connected().call("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\"}}");
        publishRange(CHANNEL, 1, 3);

        JsonNode reply = json(harness.connected().call("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL
                + "\",\"recover\":true,\"offset\":1,\"epoch\":\"lost-epoch\"}}")).path("subscribe");
        assertThat(reply.path("recovered").asBoolean()).isFalse();
        assertThat(reply.path("was_recovering").asBoolean()).isTrue();
        assertThat(reply.has("publications")).isFalse();
        assertThat(reply.path("epoch").asText()).isNotEqualTo("lost-epoch");
        assertThat(reply.path("offset").asLong()).isEqualTo(3);
    }

    @Test
    @DisplayName("publications made while the history is read are merged: each once, in order, none missing")
    void livePublicationsDuringRecovery() {
        SessionHarness.Client first = harness.connected();
        String epoch = json(first.call("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\"}}")).path("subscribe").path("epoch").asText();
        publishRange(CHANNEL, 1, 4);

        held[0].holdReads();
        SessionHarness.Client back = harness.connected();
        back.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\",\"recover\":true,\"offset\":2,\"epoch\":\"" + epoch + "\"}}");
        assertThat(back.messages()).hasSize(1); // no reply yet: the read is held
        publishRange(CHANNEL, 5, 6);            // reach the subscriber (held) and will be in the read
        HeldHistoryHub.Read read = held[0].awaitRead();
        HistoryResult snapshot = read.readNow();
        publishRange(CHANNEL, 7, 8);            // after the read: only the subscriber has them
        read.complete(snapshot);

        await().until(() -> pubs(back, CHANNEL).size() == 2);
        JsonNode reply = json(back.messages().get(1)).path("subscribe");
        assertThat(reply.path("recovered").asBoolean()).isTrue();
        assertThat(offsets(reply.path("publications"))).containsExactly(3L, 4L, 5L, 6L);
        assertThat(pubs(back, CHANNEL)).extracting(p -> p[1]).containsExactly(7L, 8L);
        publishRange(CHANNEL, 9, 9);
        await().until(() -> pubs(back, CHANNEL).size() == 3);
        assertThat(pubs(back, CHANNEL)).extracting(p -> p[1]).containsExactly(7L, 8L, 9L);
        assertThat(pubs(back, CHANNEL)).extracting(p -> p[0]).containsExactly(7L, 8L, 9L);
    }

    @Test
    @DisplayName("a plain positioned subscribe drops held publications the top already counts")
    void topMergesHeld() {
        publishRange(CHANNEL, 1, 2);
        held[0].holdReads();
        SessionHarness.Client c = harness.connected();
        c.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\"}}");
        publishRange(CHANNEL, 3, 3); // held by the subscriber and counted by the top
        HeldHistoryHub.Read read = held[0].awaitRead();
        HistoryResult snapshot = read.readNow();
        publishRange(CHANNEL, 4, 4);
        read.complete(snapshot);

        await().until(() -> pubs(c, CHANNEL).size() == 1);
        assertThat(json(c.messages().get(1)).path("subscribe").path("offset").asLong()).isEqualTo(3);
        publishRange(CHANNEL, 5, 5);
        await().until(() -> pubs(c, CHANNEL).size() == 2);
        assertThat(pubs(c, CHANNEL)).extracting(p -> p[1]).containsExactly(4L, 5L);
    }

    @Test
    @DisplayName("the stream is read only once the engine listens, and the reply counts what was published meanwhile")
    void readsAfterListening() {
        publishRange(CHANNEL, 1, 1);
        held[0].listening = new CompletableFuture<>();
        int readsBefore = held[0].historyReads.get();
        SessionHarness.Client c = harness.connected();
        c.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\"}}");
        publishRange(CHANNEL, 2, 2);
        assertThat(held[0].historyReads.get()).as("no read before the engine listens").isEqualTo(readsBefore);
        assertThat(c.messages()).hasSize(1);

        held[0].listening.complete(null);

        await().until(() -> pubs(c, CHANNEL).size() == 0 && c.messages().size() >= 2);
        assertThat(json(c.messages().get(1)).path("subscribe").path("offset").asLong()).isEqualTo(2);
        publishRange(CHANNEL, 3, 3);
        await().until(() -> pubs(c, CHANNEL).size() == 1);
        assertThat(pubs(c, CHANNEL)).extracting(p -> p[1]).containsExactly(3L);
    }

    @Test
    @DisplayName("on an engine that keeps no history, a recoverable channel subscribes as a plain one and history answers 108")
    void engineWithoutHistory() {
        held[0].unsupported = true;
        SessionHarness.Client c = harness.connected();
        assertThat(c.call("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\",\"recover\":true,\"offset\":1,\"epoch\":\"e\"}}"))
                .isEqualTo("{\"id\":2,\"subscribe\":{}}");
        publishRange(CHANNEL, 1, 2);
        await().until(() -> pubs(c, CHANNEL).size() == 2);
        assertThat(c.call("{\"id\":3,\"history\":{\"channel\":\"" + CHANNEL + "\",\"limit\":1}}"))
                .isEqualTo("{\"id\":3,\"error\":{\"code\":108,\"message\":\"not available\"}}");
    }

    @Test
    @DisplayName("a positioned subscription that sees an offset skipped is unsubscribed with 2500 insufficient state")
    void gapMeansInsufficientState() {
        SessionHarness.Client c = harness.connected();
        String epoch = json(c.call("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\"}}")).path("subscribe").path("epoch").asText();
        publishRange(CHANNEL, 1, 1);
        await().until(() -> pubs(c, CHANNEL).size() == 1);
        OrgChannel channel = OrgChannel.parseWire(CHANNEL);

        // an engine that lost offset 2 for this node (its own gap recovery failed)
        harness.node.localSubscribers().dispatch(
                Publication.of(channel, RawJson.parse("{\"n\":3}")).at(new StreamPosition(3, epoch)));

        await().until(() -> c.messages().stream().anyMatch(m -> m.contains("\"unsubscribe\"")));
        assertThat(c.last()).isEqualTo("{\"push\":{\"channel\":\"" + CHANNEL
                + "\",\"unsubscribe\":{\"code\":2500,\"reason\":\"insufficient state\"}}}");
        assertThat(pubs(c, CHANNEL)).extracting(p -> p[1]).containsExactly(1L);
        assertThat(c.session.channelCount()).isZero();
        assertThat(harness.node.metrics().insufficientStates()).isEqualTo(1);
        assertThat(c.session.isClosed()).isFalse();
    }

    @Test
    @DisplayName("a positioned subscription that sees another epoch is unsubscribed with 2500")
    void epochChangeMeansInsufficientState() {
        SessionHarness.Client c = harness.connected();
        c.call("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\"}}");
        publishRange(CHANNEL, 1, 2);
        await().until(() -> pubs(c, CHANNEL).size() == 2);

        harness.node.localSubscribers().dispatch(Publication.of(OrgChannel.parseWire(CHANNEL), RawJson.parse("{\"n\":1}"))
                .at(new StreamPosition(1, "restarted")));

        await().until(() -> c.messages().stream().anyMatch(m -> m.contains("\"code\":2500")));
        assertThat(pubs(c, CHANNEL)).hasSize(2);
    }

    @Test
    @DisplayName("history: limit, since and reverse, with the stream's epoch and top")
    void history() {
        String epoch = json(harness.connected().call("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\"}}"))
                .path("subscribe").path("epoch").asText();
        publishRange(CHANNEL, 1, 5);
        SessionHarness.Client c = harness.connected();

        JsonNode all = json(c.call("{\"id\":2,\"history\":{\"channel\":\"" + CHANNEL + "\",\"limit\":-1}}")).path("history");
        assertThat(offsets(all.path("publications"))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(all.path("epoch").asText()).isEqualTo(epoch);
        assertThat(all.path("offset").asLong()).isEqualTo(5);

        JsonNode top = json(c.call("{\"id\":3,\"history\":{\"channel\":\"" + CHANNEL + "\"}}")).path("history");
        assertThat(top.path("publications")).isEmpty();
        assertThat(top.path("offset").asLong()).isEqualTo(5);

        JsonNode since = json(c.call("{\"id\":4,\"history\":{\"channel\":\"" + CHANNEL + "\",\"limit\":2,\"since\":{\"offset\":2,\"epoch\":\""
                + epoch + "\"}}}")).path("history");
        assertThat(offsets(since.path("publications"))).containsExactly(3L, 4L);

        JsonNode reverse = json(c.call("{\"id\":5,\"history\":{\"channel\":\"" + CHANNEL + "\",\"limit\":2,\"reverse\":true}}"))
                .path("history");
        assertThat(offsets(reverse.path("publications"))).containsExactly(5L, 4L);
        assertThat(reverse.path("publications").get(0).path("data").path("n").asInt()).isEqualTo(5);
    }

    @Test
    @DisplayName("history asks the handler: refused channels get its error, a bad since closes 3501")
    void historyPermission() {
        SessionHarness.Client c = harness.connected();
        assertThat(c.call("{\"id\":2,\"history\":{\"channel\":\"1/test/ns/denied\",\"limit\":1}}"))
                .isEqualTo("{\"id\":2,\"error\":{\"code\":403,\"message\":\"forbidden\"}}");
        assertThat(c.call("{\"id\":3,\"history\":{\"channel\":\"2/test/ns/history-a\",\"limit\":1}}"))
                .isEqualTo("{\"id\":3,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
        c.send("{\"id\":4,\"history\":{\"channel\":\"" + CHANNEL + "\",\"since\":{\"offset\":-1}}}");
        c.awaitClosed(3501, "bad request");
    }

    @Test
    @DisplayName("a client publish to a channel with history is kept and pushed with its offset")
    void clientPublishKept() {
        SessionHarness.Client c = harness.connected();
        c.call("{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\"}}");
        publish(CHANNEL, 1);
        await().until(() -> pubs(c, CHANNEL).size() == 1);
        assertThat(pubs(c, CHANNEL).get(0)).containsExactly(1L, 1L);
    }

    /**
     * The gated hub with history reads that can be held: while held, a read waits until the test
     * performs it ({@link Read#readNow}) and completes it ({@link Read#complete}), so publications
     * can be made before and after the moment the stream is read.
     */
    static final class HeldHistoryHub extends ForwardingHub {
        private volatile boolean holding;
        private final java.util.concurrent.LinkedBlockingQueue<Read> reads = new java.util.concurrent.LinkedBlockingQueue<>();

        HeldHistoryHub(Hub real) {
            super(real);
        }

        void holdReads() {
            holding = true;
        }

        Read awaitRead() {
            try {
                Read r = reads.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r).as("a held history read").isNotNull();
                return r;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        /** While not null, {@link #whenListening} answers this (an engine still subscribing). */
        volatile CompletableFuture<Void> listening;
        final java.util.concurrent.atomic.AtomicInteger historyReads = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public CompletionStage<Void> whenListening(OrgChannel channel) {
            CompletableFuture<Void> l = listening;
            return l != null ? l : super.whenListening(channel);
        }

        /** When set, history answers as an engine that keeps none. */
        volatile boolean unsupported;

        @Override
        public CompletionStage<HistoryResult> history(OrgChannel channel, HistoryQuery query) {
            historyReads.incrementAndGet();
            if (unsupported) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException("this engine keeps no history"));
            }
            if (!holding) {
                return super.history(channel, query);
            }
            Read r = new Read(channel, query);
            reads.add(r);
            return r.result;
        }

        final class Read {
            final OrgChannel channel;
            final HistoryQuery query;
            final CompletableFuture<HistoryResult> result = new CompletableFuture<>();

            Read(OrgChannel channel, HistoryQuery query) {
                this.channel = channel;
                this.query = query;
            }

            HistoryResult readNow() {
                return real().history(channel, query).toCompletableFuture().join();
            }

            void complete(HistoryResult r) {
                result.complete(r);
            }
        }
    }
}
