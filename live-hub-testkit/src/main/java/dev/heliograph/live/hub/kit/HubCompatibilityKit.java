package dev.heliograph.live.hub.kit;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heliograph.live.LiveException;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.CachedFrame;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.HistoryOptions;
import dev.heliograph.live.hub.HistoryQuery;
import dev.heliograph.live.hub.HistoryResult;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.LocalFanOut;
import dev.heliograph.live.hub.ManagedChannel;
import dev.heliograph.live.hub.PresenceStats;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import dev.heliograph.live.hub.Subscription;
import dev.heliograph.live.json.RawJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

/**
 * The behaviour every {@link Hub} engine must have. An engine's test extends this class and
 * implements {@link #newHub}; distributed engines also override {@link #supportsMultipleNodes}
 * and {@link #newPeer}, and {@link #awaitSubscribed} when subscribing is asynchronous.
 *
 * <p>Nothing here assumes synchronous delivery: every assertion about delivery awaits with
 * a deadline ({@link #deliveryTimeout()}). Each test creates its own hubs with a fresh key
 * prefix and uses channels no other test uses, so tests may share one backend and run in
 * parallel. Hubs created through {@link #hub()} and {@link #peer()} are closed after each test.
 */
public abstract class HubCompatibilityKit {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final List<Hub> hubs = new ArrayList<>();
    private final Map<Hub, LocalFanOut> nodes = new IdentityHashMap<>();
    @SuppressWarnings("NullAway.Init") // set before each test, by createOptions
    private HubKitOptions options;
    private @Nullable Hub hub; // created on first use in a test, dropped after it
    @SuppressWarnings("NullAway.Init") // set before each test, by createOptions
    private String unique;
    private int channels;

    /** Creates a node of the engine under test. Called once or more per test. */
    protected abstract Hub newHub(HubKitOptions options);

    /** Whether the engine runs several nodes on one backend; enables the multi-node group. */
    protected boolean supportsMultipleNodes() {
        return false;
    }

    /** A second node sharing {@code first}'s backend and key prefix. */
    protected Hub newPeer(Hub first, HubKitOptions options) {
        throw new UnsupportedOperationException("override newPeer when supportsMultipleNodes() is true");
    }

    /**
     * Returns once {@code hub}'s subscription to {@code channel} is active, i.e. a publish from any
     * node made after this returns reaches it. No-op for engines that subscribe synchronously.
     */
    protected void awaitSubscribed(Hub hub, OrgChannel channel) {}

    /**
     * Whether the engine keeps channel history (offsets, epochs, {@link Hub#history}); enables the
     * history group. Engines without history yet return false.
     */
    protected boolean supportsHistory() {
        return true;
    }

    /** The presence TTL the kit configures; expiry tests wait a few times this long. */
    protected Duration presenceTtl() {
        return Duration.ofSeconds(1);
    }

    /** How long any awaited delivery may take. */
    protected Duration deliveryTimeout() {
        return Duration.ofSeconds(5);
    }

    @BeforeEach
    final void createOptions() {
        unique = "kit" + Integer.toString(SEQUENCE.incrementAndGet(), 36)
                + UUID.randomUUID().toString().substring(0, 8);
        options = new HubKitOptions(presenceTtl(), unique);
    }

    @AfterEach
    final void closeHubs() {
        for (Hub h : hubs) {
            h.close();
        }
        hubs.clear();
        nodes.clear();
        hub = null;
    }

    // ---------------------------------------------------------------- helpers for tests

    /** The test's first node, created on first use. */
    protected final Hub hub() {
        if (hub == null) {
            hub = newHub(options);
            hubs.add(hub);
            nodes.put(hub, LocalFanOut.attachTo(hub));
        }
        return hub;
    }

    /**
     * The node side of {@code hub}: its subscribers and fan-out, attached when the kit created
     * the hub, as a {@code LiveNode} does.
     */
    protected final LocalFanOut local(Hub hub) {
        LocalFanOut local = nodes.get(hub);
        if (local == null) {
            throw new IllegalArgumentException(hub + " was not created by the kit (hub() or peer())");
        }
        return local;
    }

    /** A further node on the same backend as {@link #hub()}. */
    protected final Hub peer() {
        Hub p = newPeer(hub(), options);
        hubs.add(p);
        nodes.put(p, LocalFanOut.attachTo(p));
        return p;
    }

    /** The options this test's hubs are created with. */
    protected final HubKitOptions options() {
        return options;
    }

    /** A channel in {@code orgId} that no other test uses. */
    protected final OrgChannel channel(long orgId) {
        return OrgChannel.of(orgId, "grafana/broadcast/" + unique + "/" + (++channels));
    }

    /** A managed-stream channel in {@code orgId} that no other test uses. */
    protected final OrgChannel stream(long orgId, String measurement) {
        return OrgChannel.of(orgId, "stream/" + unique + "/" + measurement);
    }

    protected final Inbox inbox() {
        return new Inbox(deliveryTimeout());
    }

    /** Subscribes and waits until the subscription is active. */
    protected final Subscription subscribe(Hub on, OrgChannel channel, Inbox inbox) {
        Subscription s = local(on).subscribe(channel, inbox);
        awaitSubscribed(on, channel);
        return s;
    }

    protected static Publication message(OrgChannel channel, String json) {
        return Publication.of(channel, RawJson.parse(json));
    }

    protected static void publish(Hub on, OrgChannel channel, String json) {
        on.publish(message(channel, json)).toCompletableFuture().join();
    }

    private static String n(int i) {
        return "{\"n\":" + i + "}";
    }

    private static CachedFrame frame(String schema, String data) {
        return new CachedFrame(RawJson.parse("{\"schema\":" + schema + "}"),
                RawJson.parse("{\"schema\":" + schema + ",\"data\":" + data + "}"));
    }

    // ---------------------------------------------------------------- delivery

    @Nested
    @DisplayName("delivery")
    class Delivery {

        @Test
        @DisplayName("a publication reaches a subscriber of its channel with its data")
        void reachesSubscriber() {
            OrgChannel ch = channel(1);
            Inbox inbox = inbox();
            subscribe(hub(), ch, inbox);

            publish(hub(), ch, "{\"hello\":\"world\"}");

            inbox.awaitCount(1);
            Publication p = inbox.publications().get(0);
            assertThat(p.channel()).isEqualTo(ch);
            assertThat(p.kind()).isEqualTo(Publication.Kind.PUBLICATION);
            assertThat(p.data()).hasToString("{\"hello\":\"world\"}");
        }

        @Test
        @DisplayName("the sender's client info travels with the publication")
        void carriesClientInfo() {
            OrgChannel ch = channel(1);
            Inbox inbox = inbox();
            subscribe(hub(), ch, inbox);

            hub().publish(Publication.of(ch, RawJson.parse("{}"), ClientInfo.of("alice", "c-1")))
                    .toCompletableFuture().join();

            inbox.awaitCount(1);
            ClientInfo info = inbox.publications().get(0).info();
            assertThat(info).isNotNull();
            assertThat(requireNonNull(info).user()).isEqualTo("alice");
            assertThat(info.client()).isEqualTo("c-1");
        }

        @Test
        @DisplayName("join and leave notices are delivered like publications")
        void joinAndLeave() {
            OrgChannel ch = channel(1);
            Inbox inbox = inbox();
            subscribe(hub(), ch, inbox);

            hub().publish(Publication.join(ch, ClientInfo.of("bob", "c-2"))).toCompletableFuture().join();
            hub().publish(Publication.leave(ch, ClientInfo.of("bob", "c-2"))).toCompletableFuture().join();

            inbox.awaitCount(2);
            assertThat(inbox.data()).containsExactly("JOIN", "LEAVE");
            assertThat(requireNonNull(inbox.publications().get(0).info()).user()).isEqualTo("bob");
        }

        @Test
        @DisplayName("one publication reaches each of many subscribers exactly once")
        void fanOut() {
            OrgChannel ch = channel(1);
            List<Inbox> inboxes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Inbox inbox = inbox();
                inboxes.add(inbox);
                subscribe(hub(), ch, inbox);
            }
            assertThat(local(hub()).count(ch)).isEqualTo(200);

            publish(hub(), ch, "{\"all\":true}");

            publish(hub(), ch, "{\"sentinel\":true}");
            await("every subscriber receives both").atMost(deliveryTimeout())
                    .until(() -> inboxes.stream().allMatch(in -> in.size() >= 2));
            for (Inbox inbox : inboxes) {
                assertThat(inbox.data()).containsExactly("{\"all\":true}", "{\"sentinel\":true}");
            }
        }

        @Test
        @DisplayName("publications to one channel from one thread arrive in the order they were made")
        void perChannelOrder() {
            OrgChannel ch = channel(1);
            Inbox inbox = inbox();
            subscribe(hub(), ch, inbox);

            List<String> sent = new ArrayList<>();
            CompletableFuture<?> last = null;
            for (int i = 0; i < 1000; i++) {
                sent.add(n(i));
                last = hub().publish(message(ch, n(i))).toCompletableFuture();
            }
            requireNonNull(last).join();

            inbox.awaitCount(1000);
            assertThat(inbox.data()).containsExactlyElementsOf(sent);
        }

        @Test
        @DisplayName("publishing to a channel nobody subscribes to succeeds and goes nowhere")
        void publishWithoutSubscribers() {
            OrgChannel ch = channel(1);
            assertThatCode(() -> publish(hub(), ch, "{}")).doesNotThrowAnyException();
            assertThat(local(hub()).count(ch)).isZero();
        }
    }

    // ---------------------------------------------------------------- isolation

    @Nested
    @DisplayName("isolation")
    class Isolation {

        @Test
        @DisplayName("a subscriber receives only the channels it subscribed to")
        void channelIsolation() {
            OrgChannel a = channel(1);
            OrgChannel b = channel(1);
            Inbox inA = inbox();
            Inbox inB = inbox();
            subscribe(hub(), a, inA);
            subscribe(hub(), b, inB);

            publish(hub(), a, "{\"to\":\"a\"}");
            publish(hub(), b, "{\"to\":\"b\"}");
            publish(hub(), a, "{\"sentinel\":\"a\"}");

            inA.awaitCount(2);
            inB.awaitCount(1);
            assertThat(inA.data()).containsExactly("{\"to\":\"a\"}", "{\"sentinel\":\"a\"}");
            assertThat(inB.data()).containsExactly("{\"to\":\"b\"}");
        }

        @Test
        @DisplayName("the same channel id in two orgs is two channels")
        void orgIsolation() {
            OrgChannel org1 = channel(1);
            OrgChannel org2 = OrgChannel.of(2, org1.channel());
            Inbox in1 = inbox();
            Inbox in2 = inbox();
            subscribe(hub(), org1, in1);
            subscribe(hub(), org2, in2);

            publish(hub(), org1, "{\"org\":1}");
            publish(hub(), org2, "{\"org\":2}");
            publish(hub(), org1, "{\"sentinel\":1}");

            in1.awaitCount(2);
            in2.awaitCount(1);
            assertThat(in1.data()).containsExactly("{\"org\":1}", "{\"sentinel\":1}");
            assertThat(in2.data()).containsExactly("{\"org\":2}");
            assertThat(in2.publications().get(0).channel().orgId()).isEqualTo(2);
        }
    }

    // ---------------------------------------------------------------- unsubscribe and failures

    @Nested
    @DisplayName("subscriptions")
    class Subscriptions {

        @Test
        @DisplayName("nothing is delivered after the subscription is closed")
        void noDeliveryAfterClose() {
            OrgChannel ch = channel(1);
            Inbox leaving = inbox();
            Inbox staying = inbox();
            Subscription s = subscribe(hub(), ch, leaving);
            subscribe(hub(), ch, staying);
            publish(hub(), ch, n(1));
            leaving.awaitCount(1);

            s.close();
            publish(hub(), ch, n(2));
            publish(hub(), ch, n(3));

            staying.awaitCount(3); // the same channel's later messages arrived, so n(2) was dispatched
            assertThat(leaving.data()).containsExactly(n(1));
        }

        @Test
        @DisplayName("once close returns on one thread, a publisher on another thread delivers nothing more to it")
        void noDeliveryAfterCloseUnderConcurrency() throws InterruptedException {
            Hub hub = hub();
            OrgChannel ch = channel(1);
            Publication msg = message(ch, n(1));
            AtomicBoolean stop = new AtomicBoolean();
            Thread publisher = new Thread(() -> {
                while (!stop.get()) {
                    local(hub).dispatch(msg);
                }
            });
            publisher.start();
            try {
                for (int round = 0; round < 100; round++) {
                    AtomicBoolean closed = new AtomicBoolean();
                    AtomicInteger late = new AtomicInteger();
                    AtomicInteger received = new AtomicInteger();
                    Subscription s = local(hub).subscribe(ch, p -> {
                        received.incrementAndGet();
                        long busyUntil = System.nanoTime() + 20_000; // a little work widens the race
                        while (System.nanoTime() < busyUntil) {
                            Thread.onSpinWait();
                        }
                        if (closed.get()) { // this delivery was still running when close returned
                            late.incrementAndGet();
                        }
                    });
                    await().atMost(deliveryTimeout()).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                            .until(() -> received.get() > 0);
                    s.close();
                    closed.set(true);
                    assertThat(late).as("deliveries after close returned, round %d", round).hasValue(0);
                }
            } finally {
                stop.set(true);
                publisher.join();
            }
        }

        @Test
        @DisplayName("closing a subscription twice is harmless")
        void closeTwice() {
            OrgChannel ch = channel(1);
            Subscription s = subscribe(hub(), ch, inbox());
            s.close();
            assertThatCode(s::close).doesNotThrowAnyException();
            assertThat(local(hub()).count(ch)).isZero();
        }

        @Test
        @DisplayName("the local subscriber count follows subscribe and close")
        void localSubscriberCount() {
            OrgChannel ch = channel(1);
            Subscription first = subscribe(hub(), ch, inbox());
            Subscription second = subscribe(hub(), ch, inbox());
            assertThat(local(hub()).count(ch)).isEqualTo(2);
            first.close();
            assertThat(local(hub()).count(ch)).isEqualTo(1);
            second.close();
            assertThat(local(hub()).count(ch)).isZero();
        }

        @Test
        @DisplayName("a channel can be subscribed again after its last subscriber left")
        void resubscribe() {
            OrgChannel ch = channel(1);
            subscribe(hub(), ch, inbox()).close();
            Inbox again = inbox();
            subscribe(hub(), ch, again);

            publish(hub(), ch, n(7));

            again.awaitData(n(7));
        }

        @Test
        @DisplayName("a subscriber that throws does not stop the others, nor its own later deliveries")
        void throwingSubscriber() {
            OrgChannel ch = channel(1);
            AtomicInteger calls = new AtomicInteger();
            local(hub()).subscribe(ch, p -> {
                calls.incrementAndGet();
                throw new IllegalStateException("subscriber failure on purpose (kit test)");
            });
            awaitSubscribed(hub(), ch);
            Inbox good = inbox();
            subscribe(hub(), ch, good);

            publish(hub(), ch, n(1));
            publish(hub(), ch, n(2));

            good.awaitCount(2);
            assertThat(good.data()).containsExactly(n(1), n(2));
            await().atMost(deliveryTimeout()).untilAsserted(() -> assertThat(calls).hasValue(2));
        }
    }

    // ---------------------------------------------------------------- presence

    @Nested
    @DisplayName("presence")
    class PresenceBehaviour {

        @Test
        @DisplayName("added clients are listed by client id with their info")
        void addAndList() {
            OrgChannel ch = channel(1);
            hub().presence().add(ch, new ClientInfo("alice", "c-1", RawJson.parse("{\"a\":1}"), null));
            hub().presence().add(ch, ClientInfo.of("bob", "c-2"));

            var listed = hub().presence().list(ch);

            assertThat(listed).containsOnlyKeys("c-1", "c-2");
            assertThat(requireNonNull(listed.get("c-1")).user()).isEqualTo("alice");
            assertThat(listed.get("c-1").connInfo()).hasToString("{\"a\":1}");
            assertThat(requireNonNull(listed.get("c-2")).user()).isEqualTo("bob");
        }

        @Test
        @DisplayName("stats count clients and distinct users")
        void statsCountDistinctUsers() {
            OrgChannel ch = channel(1);
            hub().presence().add(ch, ClientInfo.of("alice", "c-1"));
            hub().presence().add(ch, ClientInfo.of("alice", "c-2"));
            hub().presence().add(ch, ClientInfo.of("bob", "c-3"));

            assertThat(hub().presence().stats(ch)).isEqualTo(new PresenceStats(3, 2));
        }

        @Test
        @DisplayName("adding the same client again replaces it instead of counting it twice")
        void addIsIdempotent() {
            OrgChannel ch = channel(1);
            hub().presence().add(ch, ClientInfo.of("alice", "c-1"));
            hub().presence().add(ch, ClientInfo.of("alice", "c-1"));

            assertThat(hub().presence().stats(ch)).isEqualTo(new PresenceStats(1, 1));
        }

        @Test
        @DisplayName("a removed client is no longer listed; removing an absent one is a no-op")
        void remove() {
            OrgChannel ch = channel(1);
            hub().presence().add(ch, ClientInfo.of("alice", "c-1"));
            hub().presence().add(ch, ClientInfo.of("bob", "c-2"));

            hub().presence().remove(ch, "c-1");
            hub().presence().remove(ch, "never-added");

            assertThat(hub().presence().list(ch)).containsOnlyKeys("c-2");
            assertThat(hub().presence().stats(ch)).isEqualTo(new PresenceStats(1, 1));
        }

        @Test
        @DisplayName("an empty channel lists nobody")
        void emptyChannel() {
            OrgChannel ch = channel(1);
            assertThat(hub().presence().list(ch)).isEmpty();
            assertThat(hub().presence().stats(ch)).isEqualTo(new PresenceStats(0, 0));
        }

        @Test
        @DisplayName("an entry that is not refreshed expires after the TTL")
        void expiry() {
            OrgChannel ch = channel(1);
            hub().presence().add(ch, ClientInfo.of("alice", "c-1"));
            assertThat(hub().presence().list(ch)).containsOnlyKeys("c-1");

            await("presence entry expires").atMost(presenceTtl().multipliedBy(5).plusSeconds(2))
                    .until(() -> hub().presence().list(ch).isEmpty());
            assertThat(hub().presence().stats(ch)).isEqualTo(new PresenceStats(0, 0));
        }

        @Test
        @DisplayName("an entry refreshed within the TTL stays, while an unrefreshed one expires")
        void refreshKeepsEntry() {
            OrgChannel ch = channel(1);
            ClientInfo kept = ClientInfo.of("alice", "kept");
            hub().presence().add(ch, kept);
            hub().presence().add(ch, ClientInfo.of("bob", "dropped"));
            ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
            try {
                long every = Math.max(1, presenceTtl().toMillis() / 4);
                refresher.scheduleAtFixedRate(() -> hub().presence().add(ch, kept), every, every, TimeUnit.MILLISECONDS);

                await("unrefreshed entry expires").atMost(presenceTtl().multipliedBy(5).plusSeconds(2))
                        .until(() -> !hub().presence().list(ch).containsKey("dropped"));
                await("refreshed entry stays for three TTLs")
                        .during(presenceTtl().multipliedBy(3))
                        .atMost(presenceTtl().multipliedBy(3).plusSeconds(5))
                        .until(() -> hub().presence().list(ch).containsKey("kept"));
            } finally {
                refresher.shutdownNow();
            }
        }

        @Test
        @DisplayName("presence of the same channel id in two orgs is kept apart")
        void orgIsolation() {
            OrgChannel org1 = channel(1);
            OrgChannel org2 = OrgChannel.of(2, org1.channel());
            hub().presence().add(org1, ClientInfo.of("alice", "c-1"));
            hub().presence().add(org2, ClientInfo.of("bob", "c-2"));

            assertThat(hub().presence().list(org1)).containsOnlyKeys("c-1");
            assertThat(hub().presence().list(org2)).containsOnlyKeys("c-2");
            hub().presence().remove(org2, "c-1");
            assertThat(hub().presence().list(org1)).containsOnlyKeys("c-1");
        }
    }

    // ---------------------------------------------------------------- frame cache

    @Nested
    @DisplayName("frame cache")
    class FrameCacheBehaviour {

        private static final String SCHEMA_A = "{\"fields\":[{\"name\":\"time\",\"type\":\"time\"}]}";
        private static final String SCHEMA_B = "{\"fields\":[{\"name\":\"value\",\"type\":\"number\"}]}";

        @Test
        @DisplayName("the first frame of a channel is a schema change")
        void firstUpdateChangesSchema() {
            assertThat(hub().frameCache().update(stream(1, "cpu"), frame(SCHEMA_A, "{\"values\":[[1]]}"))).isTrue();
        }

        @Test
        @DisplayName("a frame with the same schema bytes is not a schema change")
        void sameSchemaIsNoChange() {
            OrgChannel ch = stream(1, "cpu");
            hub().frameCache().update(ch, frame(SCHEMA_A, "{\"values\":[[1]]}"));
            assertThat(hub().frameCache().update(ch, frame(SCHEMA_A, "{\"values\":[[2]]}"))).isFalse();
        }

        @Test
        @DisplayName("a frame with different schema bytes is a schema change")
        void changedSchemaIsChange() {
            OrgChannel ch = stream(1, "cpu");
            hub().frameCache().update(ch, frame(SCHEMA_A, "{\"values\":[[1]]}"));
            assertThat(hub().frameCache().update(ch, frame(SCHEMA_B, "{\"values\":[[2]]}"))).isTrue();
            assertThat(hub().frameCache().update(ch, frame(SCHEMA_B, "{\"values\":[[3]]}"))).isFalse();
        }

        @Test
        @DisplayName("schemas are compared byte for byte, so equal JSON written differently is a change")
        void byteForByte() {
            OrgChannel ch = stream(1, "cpu");
            hub().frameCache().update(ch, frame("{\"fields\":[]}", "{\"values\":[]}"));
            assertThat(hub().frameCache().update(ch, frame("{ \"fields\":[]}", "{\"values\":[]}"))).isTrue();
        }

        @Test
        @DisplayName("get returns the last full frame; a channel never updated has none")
        void getReturnsLastFrame() {
            OrgChannel ch = stream(1, "cpu");
            assertThat(hub().frameCache().get(ch)).isEmpty();
            hub().frameCache().update(ch, frame(SCHEMA_A, "{\"values\":[[1]]}"));
            CachedFrame last = frame(SCHEMA_A, "{\"values\":[[2]]}");
            hub().frameCache().update(ch, last);

            assertThat(hub().frameCache().get(ch)).contains(last);
        }

        @Test
        @DisplayName("list shows the org's channels sorted by channel with their minute rate and schema")
        void listSortedWithRate() {
            OrgChannel mem = stream(1, "mem");
            OrgChannel cpu = stream(1, "cpu");
            hub().frameCache().update(mem, frame(SCHEMA_B, "{\"values\":[[1]]}"));
            for (int i = 0; i < 3; i++) {
                hub().frameCache().update(cpu, frame(SCHEMA_A, "{\"values\":[[" + i + "]]}"));
            }

            List<ManagedChannel> listed = hub().frameCache().list(1).stream()
                    .filter(m -> m.channel().namespace().equals(options().keyPrefix()))
                    .toList();

            assertThat(listed).extracting(m -> m.channel().path()).containsExactly("cpu", "mem");
            assertThat(listed).extracting(ManagedChannel::minuteRate).containsExactly(3L, 1L);
            assertThat(listed.get(0).schema()).hasToString("{\"schema\":" + SCHEMA_A + "}");
        }

        @Test
        @DisplayName("frames of the same channel id in two orgs are kept apart")
        void orgIsolation() {
            OrgChannel org1 = stream(1, "cpu");
            OrgChannel org2 = OrgChannel.of(2, org1.channel());
            CachedFrame one = frame(SCHEMA_A, "{\"values\":[[1]]}");
            hub().frameCache().update(org1, one);

            assertThat(hub().frameCache().get(org2)).isEmpty();
            assertThat(hub().frameCache().update(org2, frame(SCHEMA_A, "{\"values\":[[2]]}"))).isTrue();
            assertThat(hub().frameCache().get(org1)).contains(one);
            assertThat(hub().frameCache().list(2))
                    .extracting(ManagedChannel::channel)
                    .contains(org1.channel());
            assertThat(hub().frameCache().list(1).stream()
                    .filter(m -> m.channel().equals(org1.channel()))
                    .map(ManagedChannel::minuteRate)).containsExactly(1L);
        }
    }

    // ---------------------------------------------------------------- multi-node

    @Nested
    @DisplayName("several nodes on one backend")
    class MultiNode {

        @BeforeEach
        void onlyForDistributedEngines() {
            assumeTrue(supportsMultipleNodes(), "the engine runs a single node");
        }

        @Test
        @DisplayName("a publication on node A reaches a subscriber on node B")
        void publishCrossesNodes() {
            Hub b = peer();
            OrgChannel ch = channel(1);
            Inbox onA = inbox();
            Inbox onB = inbox();
            subscribe(hub(), ch, onA);
            subscribe(b, ch, onB);

            publish(hub(), ch, n(1));

            onA.awaitData(n(1));
            onB.awaitData(n(1));
            assertThat(onB.publications().get(0).channel()).isEqualTo(ch);
        }

        @Test
        @DisplayName("each node delivers a publication to its subscribers once")
        void noDuplicates() {
            Hub b = peer();
            OrgChannel ch = channel(1);
            Inbox onB = inbox();
            subscribe(b, ch, onB);
            subscribe(hub(), ch, inbox());

            publish(hub(), ch, n(1));
            publish(b, ch, n(2));
            publish(hub(), ch, n(3));

            onB.awaitData(n(3));
            assertThat(onB.data()).containsExactlyInAnyOrder(n(1), n(2), n(3));
        }

        @Test
        @DisplayName("a node-local dispatch (stream output) reaches this node's subscribers only")
        void nodeLocalDispatchStaysLocal() {
            Hub b = peer();
            OrgChannel ch = channel(1);
            Inbox onA = inbox();
            Inbox onB = inbox();
            subscribe(hub(), ch, onA);
            subscribe(b, ch, onB);

            local(hub()).dispatch(message(ch, "{\"local\":true}"));
            publish(hub(), ch, "{\"sentinel\":true}");

            onA.awaitCount(2);
            onB.awaitData("{\"sentinel\":true}");
            assertThat(onA.data()).containsExactly("{\"local\":true}", "{\"sentinel\":true}");
            assertThat(onB.data()).containsExactly("{\"sentinel\":true}");
        }

        @Test
        @DisplayName("the local subscriber count counts this node only")
        void localCountIsLocal() {
            Hub b = peer();
            OrgChannel ch = channel(1);
            subscribe(hub(), ch, inbox());
            subscribe(b, ch, inbox());
            subscribe(b, ch, inbox());

            assertThat(local(hub()).count(ch)).isEqualTo(1);
            assertThat(local(b).count(ch)).isEqualTo(2);
        }

        @Test
        @DisplayName("presence added on node A is listed and counted on node B")
        void presenceShared() {
            Hub b = peer();
            OrgChannel ch = channel(1);
            hub().presence().add(ch, ClientInfo.of("alice", "c-1"));
            b.presence().add(ch, ClientInfo.of("bob", "c-2"));

            await().atMost(deliveryTimeout()).untilAsserted(() -> {
                assertThat(b.presence().list(ch)).containsOnlyKeys("c-1", "c-2");
                assertThat(hub().presence().stats(ch)).isEqualTo(new PresenceStats(2, 2));
            });
            b.presence().remove(ch, "c-1");
            await().atMost(deliveryTimeout()).untilAsserted(
                    () -> assertThat(hub().presence().list(ch)).containsOnlyKeys("c-2"));
        }

        @Test
        @DisplayName("the frame cache is shared: node B sees A's frame and A's schema")
        void frameCacheShared() {
            Hub b = peer();
            OrgChannel ch = stream(1, "cpu");
            CachedFrame f = frame("{\"fields\":[]}", "{\"values\":[]}");
            assertThat(hub().frameCache().update(ch, f)).isTrue();

            await().atMost(deliveryTimeout()).untilAsserted(
                    () -> assertThat(b.frameCache().get(ch)).contains(f));
            assertThat(b.frameCache().update(ch, frame("{\"fields\":[]}", "{\"values\":[[]]}"))).isFalse();
            await().atMost(deliveryTimeout()).untilAsserted(() -> assertThat(hub().frameCache().list(1).stream()
                    .filter(m -> m.channel().equals(ch.channel()))
                    .map(ManagedChannel::minuteRate)).containsExactly(2L));
        }

        @Test
        @DisplayName("closing node B leaves node A working")
        void peerCloseDoesNotBreakFirst() {
            Hub b = peer();
            OrgChannel ch = channel(1);
            Inbox onA = inbox();
            subscribe(hub(), ch, onA);
            subscribe(b, ch, inbox());

            assertTimeoutPreemptively(Duration.ofSeconds(5), b::close);
            publish(hub(), ch, n(1));
            hub().presence().add(ch, ClientInfo.of("alice", "c-1"));

            onA.awaitData(n(1));
            assertThat(hub().presence().list(ch)).containsOnlyKeys("c-1");
        }
    }

    // ---------------------------------------------------------------- history

    private static final HistoryOptions KEEP_100 = HistoryOptions.of(100, Duration.ofMinutes(5));

    protected static StreamPosition publish(Hub on, OrgChannel channel, String json, HistoryOptions history) {
        return on.publish(message(channel, json), history).toCompletableFuture().join();
    }

    protected static HistoryResult history(Hub on, OrgChannel channel, HistoryQuery query) {
        return on.history(channel, query).toCompletableFuture().join();
    }

    private static List<String> dataOf(HistoryResult result) {
        return result.publications().stream().map(p -> requireNonNull(p.data(), "data").toString()).toList();
    }

    private static List<Long> offsetsOf(List<Publication> publications) {
        return publications.stream().map(p -> requireNonNull(p.position(), "position").offset()).toList();
    }

    @Nested
    @DisplayName("history")
    class History {

        @BeforeEach
        void onlyWithHistory() {
            assumeTrue(supportsHistory(), "the engine keeps no history yet");
        }

        @Test
        @DisplayName("offsets increase by 1 per channel from 1, in one epoch, and publish answers the position")
        void offsetsIncreasePerChannel() {
            OrgChannel a = channel(1);
            OrgChannel b = channel(1);
            List<StreamPosition> onA = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                onA.add(publish(hub(), a, n(i), KEEP_100));
            }
            StreamPosition firstOnB = publish(hub(), b, n(1), KEEP_100);

            assertThat(onA).extracting(StreamPosition::offset).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(onA).extracting(StreamPosition::epoch).containsOnly(onA.get(0).epoch());
            assertThat(onA.get(0).epoch()).isNotEmpty();
            assertThat(firstOnB.offset()).as("another channel counts on its own").isEqualTo(1);
        }

        @Test
        @DisplayName("subscribers receive publications with their position; without history they have none")
        void deliveriesCarryPosition() {
            OrgChannel ch = channel(1);
            Inbox inbox = inbox();
            subscribe(hub(), ch, inbox);

            StreamPosition kept = publish(hub(), ch, n(1), KEEP_100);
            StreamPosition none = publish(hub(), ch, n(2), HistoryOptions.NONE);

            inbox.awaitCount(2);
            assertThat(inbox.publications().get(0).position()).isEqualTo(kept);
            assertThat(none).isNull();
            assertThat(inbox.publications().get(1).position()).isNull();
        }

        @Test
        @DisplayName("history answers the kept publications oldest first with their positions, and the stream top")
        void readsWholeStream() {
            OrgChannel ch = channel(1);
            for (int i = 1; i <= 3; i++) {
                publish(hub(), ch, n(i), KEEP_100);
            }

            HistoryResult all = history(hub(), ch, HistoryQuery.since(null));

            assertThat(dataOf(all)).containsExactly(n(1), n(2), n(3));
            assertThat(offsetsOf(all.publications())).containsExactly(1L, 2L, 3L);
            assertThat(all.top().offset()).isEqualTo(3);
            assertThat(all.publications()).allSatisfy(p -> assertThat(requireNonNull(p.position(), "position").epoch()).isEqualTo(all.top().epoch()));
        }

        @Test
        @DisplayName("the stream top alone (limit 0) has no publications; an unknown channel's top is offset 0")
        void topOnly() {
            OrgChannel ch = channel(1);
            HistoryResult empty = history(hub(), ch, HistoryQuery.TOP);
            assertThat(empty.publications()).isEmpty();
            assertThat(empty.top().offset()).isZero();

            StreamPosition last = null;
            for (int i = 1; i <= 4; i++) {
                last = publish(hub(), ch, n(i), KEEP_100);
            }
            HistoryResult top = history(hub(), ch, HistoryQuery.TOP);
            assertThat(top.publications()).isEmpty();
            assertThat(top.top()).isEqualTo(last);
            assertThat(requireNonNull(last).epoch()).as("the epoch a subscriber saw before the first publish stays").isEqualTo(empty.top().epoch());
        }

        @Test
        @DisplayName("limit, since and reverse select the publications")
        void limitSinceReverse() {
            OrgChannel ch = channel(1);
            StreamPosition third = null;
            for (int i = 1; i <= 6; i++) {
                StreamPosition p = publish(hub(), ch, n(i), KEEP_100);
                if (i == 3) {
                    third = p;
                }
            }

            assertThat(offsetsOf(history(hub(), ch, new HistoryQuery(null, 2, false)).publications()))
                    .as("limit, oldest first").containsExactly(1L, 2L);
            assertThat(offsetsOf(history(hub(), ch, new HistoryQuery(null, 2, true)).publications()))
                    .as("limit, newest first").containsExactly(6L, 5L);
            assertThat(offsetsOf(history(hub(), ch, HistoryQuery.since(third)).publications()))
                    .as("since: what came after").containsExactly(4L, 5L, 6L);
            assertThat(offsetsOf(history(hub(), ch, new HistoryQuery(third, 2, false)).publications()))
                    .as("since with a limit").containsExactly(4L, 5L);
            assertThat(offsetsOf(history(hub(), ch, new HistoryQuery(third, -1, true)).publications()))
                    .as("since, reversed: what came before, newest first").containsExactly(2L, 1L);
            HistoryResult otherEpoch = history(hub(), ch, HistoryQuery.since(new StreamPosition(3, "not-" + requireNonNull(third).epoch())));
            assertThat(offsetsOf(otherEpoch.publications()))
                    .as("a position of another epoch reads the whole stream").containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(otherEpoch.top().epoch()).isEqualTo(third.epoch());
        }

        @Test
        @DisplayName("the stream keeps at most the size of the latest publish, and the top still counts every publication")
        void sizeBound() {
            OrgChannel ch = channel(1);
            for (int i = 1; i <= 10; i++) {
                publish(hub(), ch, n(i), HistoryOptions.of(3, Duration.ofMinutes(5)));
            }
            HistoryResult kept = history(hub(), ch, HistoryQuery.since(null));
            assertThat(dataOf(kept)).containsExactly(n(8), n(9), n(10));
            assertThat(kept.top().offset()).isEqualTo(10);

            publish(hub(), ch, n(11), HistoryOptions.of(2, Duration.ofMinutes(5)));
            assertThat(dataOf(history(hub(), ch, HistoryQuery.since(null))))
                    .as("last writer wins for the size").containsExactly(n(10), n(11));
        }

        @Test
        @DisplayName("publications expire after the TTL, without another publish, and a lost stream starts a new epoch")
        void ttlExpiryAndNewEpoch() {
            OrgChannel ch = channel(1);
            HistoryOptions shortLived = HistoryOptions.of(10, Duration.ofMillis(300));
            publish(hub(), ch, n(1), shortLived);
            StreamPosition before = publish(hub(), ch, n(2), shortLived);
            assertThat(history(hub(), ch, HistoryQuery.since(null)).publications()).hasSize(2);

            await("the publications expire").atMost(deliveryTimeout())
                    .until(() -> history(hub(), ch, HistoryQuery.since(null)).publications().isEmpty());
            await("the empty stream is dropped").atMost(deliveryTimeout())
                    .until(() -> !history(hub(), ch, HistoryQuery.TOP).top().epoch().equals(before.epoch()));

            StreamPosition after = publish(hub(), ch, n(3), KEEP_100);
            assertThat(after.epoch()).isNotEqualTo(before.epoch());
            assertThat(after.offset()).isEqualTo(1);
        }

        @Test
        @DisplayName("concurrent publishers keep one order per channel: subscribers and history agree, offsets 1..n")
        void concurrentPublishersKeepOneOrder() throws Exception {
            OrgChannel ch = channel(1);
            Inbox inbox = inbox();
            subscribe(hub(), ch, inbox);
            int threads = 4;
            int each = 100;
            HistoryOptions keepAll = HistoryOptions.of(threads * each, Duration.ofMinutes(5));
            var pool = Executors.newFixedThreadPool(threads);
            try {
                List<CompletableFuture<Void>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < each; i++) {
                            publish(hub(), ch, "{\"t\":" + thread + ",\"i\":" + i + "}", keepAll);
                        }
                    }, pool));
                }
                CompletableFuture.allOf(done.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }

            inbox.awaitCount(threads * each);
            List<Long> delivered = offsetsOf(inbox.publications());
            List<Long> expected = new ArrayList<>();
            for (long i = 1; i <= threads * each; i++) {
                expected.add(i);
            }
            assertThat(delivered).as("delivered in offset order").containsExactlyElementsOf(expected);
            HistoryResult kept = history(hub(), ch, HistoryQuery.since(null));
            assertThat(dataOf(kept)).as("history order is delivery order").containsExactlyElementsOf(inbox.data());
        }
    }

    // ---------------------------------------------------------------- control

    /** Records the control messages a node's listener receives, as strings. */
    private static List<String> controlInbox(LocalFanOut local) {
        List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
        local.controlHandler(bytes -> received.add(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
        return received;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Nested
    @DisplayName("control messages")
    class Control {

        @Test
        @DisplayName("a control message reaches the sending node's own listener, bytes unchanged")
        void controlLoopsBack() {
            List<String> received = controlInbox(local(hub()));

            hub().sendControl(utf8("disconnect é")).toCompletableFuture().join();

            await().atMost(deliveryTimeout()).until(() -> received.contains("disconnect é"));
            assertThat(received).containsExactly("disconnect é");
        }

        @Test
        @DisplayName("control messages from one node reach every node, in the order they were sent")
        void controlReachesEveryNode() {
            assumeTrue(supportsMultipleNodes(), "the engine runs a single node");
            Hub b = peer();
            List<String> onA = controlInbox(local(hub()));
            List<String> onB = controlInbox(local(b));

            for (int i = 0; i < 20; i++) {
                b.sendControl(utf8("m" + i)).toCompletableFuture().join();
            }

            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add("m" + i);
            }
            await().atMost(deliveryTimeout()).until(() -> onA.size() >= 20 && onB.size() >= 20);
            assertThat(onA).containsExactlyElementsOf(expected);
            assertThat(onB).containsExactlyElementsOf(expected);
        }

        @Test
        @DisplayName("after close, sending a control message delivers nothing and does not fail")
        void controlAfterClose() {
            Hub h = hub();
            List<String> received = controlInbox(local(h));
            h.close();

            assertThatCode(() -> h.sendControl(utf8("late")).toCompletableFuture().join()).doesNotThrowAnyException();
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(received::isEmpty);
        }
    }

    // ---------------------------------------------------------------- close

    @Nested
    @DisplayName("closing the hub")
    class Closing {

        @Test
        @DisplayName("close returns within a few seconds and can be called again")
        void closeIsIdempotentAndBounded() {
            Hub h = hub();
            subscribe(h, channel(1), inbox());
            assertTimeoutPreemptively(Duration.ofSeconds(5), h::close);
            assertTimeoutPreemptively(Duration.ofSeconds(5), h::close);
        }

        @Test
        @DisplayName("subscribe after close throws a LiveException that says the hub is closed")
        void subscribeAfterClose() {
            Hub h = hub();
            h.close();
            assertThatThrownBy(() -> local(h).subscribe(channel(1), inbox()))
                    .isInstanceOf(LiveException.class)
                    .hasMessageContaining("closed");
        }

        @Test
        @DisplayName("publish after close is ignored: it neither throws nor delivers")
        void publishAfterClose() {
            Hub h = hub();
            OrgChannel ch = channel(1);
            Inbox inbox = inbox();
            subscribe(h, ch, inbox);
            h.close();

            assertThatCode(() -> {
                h.publish(message(ch, n(1)));
                local(h).dispatch(message(ch, n(2)));
            }).doesNotThrowAnyException();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> inbox.size() == 0);
        }
    }
}
