package dev.heliograph.live.redis;

import static dev.heliograph.live.redis.testing.NodeSide.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.heliograph.live.LiveException;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.CachedFrame;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.ManagedChannel;
import dev.heliograph.live.hub.PresenceStats;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscription;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.redis.testing.RedisServerExtension;
import dev.heliograph.live.testing.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

@DisplayName("RedisHub on a real redis-server, two nodes")
class RedisHubIT {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static final Duration WAIT = Duration.ofSeconds(5);

    private String prefix;
    private RedisHub nodeA;
    private RedisHub nodeB;

    @BeforeEach
    void startNodes() {
        prefix = RedisServerExtension.uniquePrefix("hubit");
        nodeA = node(prefix);
        nodeB = node(prefix);
    }

    @AfterEach
    void closeNodes() {
        nodeA.close();
        nodeB.close();
    }

    private RedisHub node(String keyPrefix) {
        return RedisHub.builder().address(redis.address()).prefix(keyPrefix).presenceTtl(Duration.ofSeconds(2)).build();
    }

    private static OrgChannel channel(String path) {
        return OrgChannel.of(1, "grafana/broadcast/" + path);
    }

    private static Publication pub(OrgChannel channel, String json) {
        return Publication.of(channel, RawJson.parse(json));
    }

    private static Subscription listen(RedisHub hub, OrgChannel channel, Recorder inbox) {
        Subscription s = local(hub).subscribe(channel, inbox);
        await().atMost(WAIT).until(() -> hub.isListening(channel));
        return s;
    }

    private Jedis jedis() {
        return new Jedis(new HostAndPort("127.0.0.1", redis.port()));
    }

    @Nested
    @DisplayName("publications")
    class Publications {
        @Test
        @DisplayName("a publish on node A reaches subscribers on both nodes, with its sender info")
        void crossNode() {
            OrgChannel ch = channel("cross");
            Recorder onA = new Recorder();
            Recorder onB = new Recorder();
            listen(nodeA, ch, onA);
            listen(nodeB, ch, onB);
            ClientInfo sender = new ClientInfo("alice", "conn-1", RawJson.parse("{\"n\":1}"), null);

            nodeA.publish(Publication.of(ch, RawJson.parse("{\"text\":\"hi\"}"), sender)).toCompletableFuture().join();

            await().atMost(WAIT).until(() -> onA.received().size() == 1 && onB.received().size() == 1);
            Publication got = onB.received().get(0);
            assertThat(got.kind()).isEqualTo(Publication.Kind.PUBLICATION);
            assertThat(got.channel()).isEqualTo(ch);
            assertThat(got.data().toString()).isEqualTo("{\"text\":\"hi\"}");
            assertThat(got.info()).isEqualTo(sender);
        }

        @Test
        @DisplayName("join and leave notices travel between nodes")
        void joinLeave() {
            OrgChannel ch = channel("joins");
            Recorder onB = new Recorder();
            listen(nodeB, ch, onB);
            ClientInfo bob = ClientInfo.of("bob", "conn-2");

            nodeA.publish(Publication.join(ch, bob));
            nodeA.publish(Publication.leave(ch, bob));

            await().atMost(WAIT).until(() -> onB.received().size() == 2);
            assertThat(onB.received()).extracting(Publication::kind)
                    .containsExactly(Publication.Kind.JOIN, Publication.Kind.LEAVE);
            assertThat(onB.received().get(1).info()).isEqualTo(bob);
        }

        @Test
        @DisplayName("publications from one thread arrive in order on the other node, even in a burst")
        void orderUnderLoad() {
            OrgChannel ch = channel("burst");
            Recorder onB = new Recorder();
            listen(nodeB, ch, onB);
            List<CompletableFuture<?>> stages = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                stages.add(nodeA.publish(pub(ch, "{\"i\":" + i + "}")).toCompletableFuture());
            }
            CompletableFuture.allOf(stages.toArray(new CompletableFuture[0])).join();

            await().atMost(WAIT).until(() -> onB.received().size() == 2_000);
            assertThat(onB.data()).containsExactlyElementsOf(
                    IntStream.range(0, 2_000).mapToObj(i -> "{\"i\":" + i + "}").toList());
        }

        @Test
        @DisplayName("the same channel id in two orgs never shares messages")
        void orgIsolation() {
            OrgChannel org1 = OrgChannel.of(1, "grafana/broadcast/iso");
            OrgChannel org2 = OrgChannel.of(2, "grafana/broadcast/iso");
            Recorder inOrg1 = new Recorder();
            Recorder inOrg2 = new Recorder();
            listen(nodeB, org1, inOrg1);
            listen(nodeB, org2, inOrg2);

            nodeA.publish(pub(org2, "{\"org\":2}")).toCompletableFuture().join();

            await().atMost(WAIT).until(() -> inOrg2.received().size() == 1);
            nodeA.publish(pub(org1, "{\"org\":1}")).toCompletableFuture().join();
            await().atMost(WAIT).until(() -> inOrg1.received().size() == 1);
            assertThat(inOrg1.data()).containsExactly("{\"org\":1}");
            assertThat(inOrg2.data()).containsExactly("{\"org\":2}");
        }

        @Test
        @DisplayName("a node-local dispatch (stream output) reaches this node's subscribers only and never touches Redis")
        void nodeLocalDispatchStaysLocal() {
            OrgChannel ch = channel("local");
            Recorder onA = new Recorder();
            Recorder onB = new Recorder();
            listen(nodeA, ch, onA);
            listen(nodeB, ch, onB);

            local(nodeA).dispatch(pub(ch, "{\"local\":true}"));
            nodeA.publish(pub(ch, "{\"marker\":true}")).toCompletableFuture().join();

            await().atMost(WAIT).until(() -> onB.received().size() == 1);
            assertThat(onA.data()).startsWith("{\"local\":true}");
            assertThat(onB.data()).containsExactly("{\"marker\":true}");
        }

        @Test
        @DisplayName("when the last local subscriber leaves, the node stops listening to the channel in Redis")
        void unsubscribeLast() {
            OrgChannel ch = channel("leave");
            Subscription first = listen(nodeB, ch, new Recorder());
            Subscription second = local(nodeB).subscribe(ch, new Recorder());
            first.close();
            assertThat(local(nodeB).count(ch)).isEqualTo(1);
            assertThat(nodeB.isListening(ch)).isTrue();

            second.close();

            assertThat(local(nodeB).count(ch)).isZero();
            await().atMost(WAIT).until(() -> !nodeB.isListening(ch));
            try (Jedis j = jedis()) {
                assertThat(j.pubsubNumSub(prefix + ".gf_live.ch." + ch.wireName()).values()).containsExactly(0L);
            }
        }

        @Test
        @DisplayName("after subscribe/close churn from many threads, Redis listens to exactly the channels still held")
        void churn() throws Exception {
            List<OrgChannel> channels = IntStream.range(0, 20).mapToObj(i -> channel("churn-" + i)).toList();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                threads.add(new Thread(() -> {
                    java.util.Random random = new java.util.Random(seed);
                    for (int i = 0; i < 500; i++) {
                        local(nodeB).subscribe(channels.get(random.nextInt(channels.size())), new Recorder()).close();
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            List<Recorder> kept = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Recorder inbox = new Recorder();
                local(nodeB).subscribe(channels.get(i), inbox);
                kept.add(inbox);
            }

            await().atMost(WAIT).until(() -> channels.subList(0, 10).stream().allMatch(nodeB::isListening)
                    && channels.subList(10, 20).stream().noneMatch(nodeB::isListening));
            for (OrgChannel ch : channels) {
                nodeA.publish(pub(ch, "{\"to\":\"" + ch.channel().path() + "\"}")).toCompletableFuture().join();
            }
            await().atMost(WAIT).until(() -> kept.stream().allMatch(inbox -> inbox.received().size() == 1));
            try (Jedis j = jedis()) {
                assertThat(j.pubsubChannels(prefix + ".gf_live.ch.*")).hasSize(10);
            }
        }

        @Test
        @DisplayName("a subscriber that throws does not stop delivery to the others")
        void throwingSubscriber() {
            OrgChannel ch = channel("throws");
            local(nodeB).subscribe(ch, p -> {
                throw new IllegalStateException("boom");
            });
            Recorder ok = new Recorder();
            listen(nodeB, ch, ok);

            nodeA.publish(pub(ch, "{\"a\":1}"));

            await().atMost(WAIT).until(() -> ok.received().size() == 1);
        }

        @Test
        @DisplayName("a foreign message on our Redis channel is skipped and later messages still arrive")
        void malformedMessage() {
            OrgChannel ch = channel("garbage");
            Recorder onB = new Recorder();
            listen(nodeB, ch, onB);
            try (Jedis j = jedis()) {
                j.publish(prefix + ".gf_live.ch." + ch.wireName(), "not our encoding");
            }

            nodeA.publish(pub(ch, "{\"after\":true}"));

            await().atMost(WAIT).until(() -> onB.received().size() == 1);
            assertThat(onB.data()).containsExactly("{\"after\":true}");
        }

        @Test
        @DisplayName("after close, publishes are ignored and subscribe throws")
        void afterClose() {
            RedisHub hub = node(prefix);
            hub.close();
            hub.close();

            assertThat(hub.publish(pub(channel("closed"), "{}")).toCompletableFuture()).isCompleted();
            assertThatThrownBy(() -> local(hub).subscribe(channel("closed"), new Recorder()))
                    .isInstanceOf(LiveException.class).hasMessageContaining("closed");
        }
    }

    @Nested
    @DisplayName("keys and channels")
    class Keys {
        @Test
        @DisplayName("every key and PUB/SUB channel lives under <ha_prefix>.gf_live")
        void prefixed() {
            OrgChannel ch = channel("keys");
            listen(nodeB, ch, new Recorder());
            nodeA.presence().add(ch, ClientInfo.of("u", "c"));
            nodeA.frameCache().update(OrgChannel.of(1, "stream/s/m"),
                    new CachedFrame(RawJson.parse("{\"schema\":{}}"), RawJson.parse("{\"schema\":{},\"data\":{}}")));

            try (Jedis j = jedis()) {
                Set<String> keys = j.keys(prefix + "*");
                assertThat(keys).isNotEmpty().allMatch(k -> k.startsWith(prefix + ".gf_live."));
                assertThat(j.pubsubChannels(prefix + "*")).contains(prefix + ".gf_live.ch.1/grafana/broadcast/keys");
            }
            assertThat(nodeA.keyBase()).isEqualTo(prefix + ".gf_live");
        }

        @Test
        @DisplayName("an empty ha_prefix gives plain gf_live, as Grafana does")
        void emptyPrefix() {
            try (RedisHub hub = RedisHub.builder().address(redis.address()).build()) {
                assertThat(hub.keyBase()).isEqualTo("gf_live");
            }
        }
    }

    @Nested
    @DisplayName("presence")
    class PresenceShared {
        @Test
        @DisplayName("an entry added on node A is listed and counted on node B, and removal is seen too")
        void addListRemove() {
            OrgChannel ch = channel("presence");
            ClientInfo one = new ClientInfo("alice", "c1", RawJson.parse("{\"name\":\"Alice\"}"), null);
            nodeA.presence().add(ch, one);
            nodeB.presence().add(ch, ClientInfo.of("alice", "c2"));
            nodeB.presence().add(ch, ClientInfo.of("bob", "c3"));

            assertThat(nodeB.presence().list(ch)).containsOnlyKeys("c1", "c2", "c3").containsEntry("c1", one);
            assertThat(nodeA.presence().stats(ch)).isEqualTo(new PresenceStats(3, 2));

            nodeB.presence().remove(ch, "c1");
            nodeB.presence().remove(ch, "never-there");
            assertThat(nodeA.presence().list(ch)).containsOnlyKeys("c2", "c3");
        }

        @Test
        @DisplayName("entries not refreshed within the TTL vanish, refreshed ones stay")
        void expiry() {
            OrgChannel ch = channel("ttl");
            nodeA.presence().add(ch, ClientInfo.of("dead-node-user", "c-dead"));
            nodeA.presence().add(ch, ClientInfo.of("alive", "c-alive"));

            await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(300)).until(() -> {
                nodeB.presence().add(ch, ClientInfo.of("alive", "c-alive")); // the owner refreshes
                return !nodeB.presence().list(ch).containsKey("c-dead");
            });
            assertThat(nodeB.presence().list(ch)).containsOnlyKeys("c-alive");
            assertThat(nodeB.presence().stats(ch)).isEqualTo(new PresenceStats(1, 1));
        }

        @Test
        @DisplayName("presence of two orgs never mixes")
        void orgs() {
            nodeA.presence().add(OrgChannel.of(1, "grafana/broadcast/p"), ClientInfo.of("u", "org1-client"));
            assertThat(nodeB.presence().list(OrgChannel.of(2, "grafana/broadcast/p"))).isEmpty();
        }
    }

    @Nested
    @DisplayName("frame cache")
    class Frames {
        private final RawJson schemaA = RawJson.parse("{\"schema\":{\"fields\":[{\"name\":\"a\"}]}}");
        private final RawJson schemaB = RawJson.parse("{\"schema\":{\"fields\":[{\"name\":\"b\"}]}}");

        private CachedFrame frame(RawJson schema, int value) {
            String s = schema.toString();
            return new CachedFrame(schema, RawJson.parse(s.substring(0, s.length() - 1)
                    + ",\"data\":{\"values\":[[" + value + "]]}}"));
        }

        @Test
        @DisplayName("update says the schema changed on the first frame and on a new schema, not on the same one")
        void schemaChanged() {
            OrgChannel ch = OrgChannel.of(1, "stream/cpu/" + prefix);
            assertThat(nodeA.frameCache().update(ch, frame(schemaA, 1))).isTrue();
            assertThat(nodeB.frameCache().update(ch, frame(schemaA, 2))).isFalse();
            assertThat(nodeA.frameCache().update(ch, frame(schemaB, 3))).isTrue();
            assertThat(nodeB.frameCache().get(ch)).contains(frame(schemaB, 3));
        }

        @Test
        @DisplayName("a frame cached by node A is served by node B and expires after the frame TTL")
        void sharedWithTtl() {
            OrgChannel ch = OrgChannel.of(1, "stream/mem/host");
            nodeA.frameCache().update(ch, frame(schemaA, 7));

            assertThat(nodeB.frameCache().get(ch)).contains(frame(schemaA, 7));
            assertThat(nodeB.frameCache().get(OrgChannel.of(2, "stream/mem/host"))).isEmpty();
            try (Jedis j = jedis()) {
                long ttl = j.pttl(prefix + ".gf_live.frame.1/stream/mem/host");
                assertThat(ttl).isBetween(Duration.ofDays(7).minusMinutes(1).toMillis(), Duration.ofDays(7).toMillis());
            }
        }

        @Test
        @DisplayName("every key the frame cache writes expires: the frame and the org's set after the frame TTL, the rate after 61 s")
        void everyKeyExpires() {
            nodeA.frameCache().update(OrgChannel.of(1, "stream/mem/host"), frame(schemaA, 1));
            nodeA.frameCache().update(OrgChannel.of(2, "stream/cpu/host"), frame(schemaB, 1));

            try (Jedis j = jedis()) {
                Set<String> keys = j.keys(prefix + "*");
                assertThat(keys).hasSize(6);
                long week = Duration.ofDays(7).toMillis();
                for (String key : keys) {
                    long ttl = j.pttl(key);
                    if (key.contains(".rate.")) {
                        assertThat(ttl).as(key).isBetween(1L, 61_000L);
                    } else {
                        assertThat(ttl).as(key).isBetween(week - 60_000, week);
                    }
                }
            }
        }

        @Test
        @DisplayName("an update drops from the org's set the channels whose frame expired, without waiting for a list")
        void expiredChannelsLeaveTheIndex() {
            String shortPrefix = RedisServerExtension.uniquePrefix("frame-index");
            try (RedisHub node = RedisHub.builder().address(redis.address()).prefix(shortPrefix)
                    .frameTtl(Duration.ofMillis(300)).build();
                    Jedis j = jedis()) {
                node.frameCache().update(OrgChannel.of(1, "stream/gone/m"), frame(schemaA, 1));
                await().atMost(WAIT).until(() -> !j.exists(shortPrefix + ".gf_live.frame.1/stream/gone/m"));

                node.frameCache().update(OrgChannel.of(1, "stream/live/m"), frame(schemaA, 2));

                assertThat(j.smembers(shortPrefix + ".gf_live.frames.1")).containsExactly("stream/live/m");
            }
        }

        @Test
        @DisplayName("list covers every node's channels of the org, sorted, with the minute rate summed")
        void listAcrossNodes() {
            OrgChannel b = OrgChannel.of(3, "stream/telegraf/b");
            OrgChannel a = OrgChannel.of(3, "stream/telegraf/a");
            nodeA.frameCache().update(b, frame(schemaA, 1));
            nodeB.frameCache().update(b, frame(schemaA, 2));
            nodeB.frameCache().update(b, frame(schemaA, 3));
            nodeA.frameCache().update(a, frame(schemaB, 1));
            nodeA.frameCache().update(OrgChannel.of(4, "stream/telegraf/other-org"), frame(schemaB, 1));

            List<ManagedChannel> listed = nodeB.frameCache().list(3);

            assertThat(listed).extracting(m -> m.channel().toString())
                    .containsExactly("stream/telegraf/a", "stream/telegraf/b");
            assertThat(listed).extracting(ManagedChannel::minuteRate).containsExactly(1L, 3L);
            assertThat(listed.get(0).schema()).isEqualTo(schemaB);
        }
    }

    @Nested
    @DisplayName("whenListening")
    class WhenListening {
        @Test
        @DisplayName("completes only once Redis confirmed the node's SUBSCRIBE, so a publish after it arrives live")
        void completesAfterConfirmation() {
            OrgChannel channel = channel("when-listening");
            Recorder inbox = new Recorder();
            local(nodeA).subscribe(channel, inbox);
            CompletableFuture<Void> listening = nodeA.whenListening(channel).toCompletableFuture();

            listening.join();
            assertThat(nodeA.isListening(channel)).isTrue();
            nodeB.publish(pub(channel, "{\"n\":1}")).toCompletableFuture().join();
            await().atMost(WAIT).until(() -> inbox.received().size() == 1);
            assertThat(nodeA.whenListening(channel).toCompletableFuture()).isCompleted();
        }

        @Test
        @DisplayName("fails with HubUnavailableException when the node is closed before Redis confirmed")
        void failsOnClose() {
            RedisHub unreachable = RedisHub.builder()
                    .address("127.0.0.1:" + dev.heliograph.live.redis.testing.RedisProcess.freePort())
                    .prefix(prefix).build();
            OrgChannel channel = channel("never-confirmed");
            unreachable.listen(channel);
            CompletableFuture<Void> listening = unreachable.whenListening(channel).toCompletableFuture();
            assertThat(listening).isNotDone();

            unreachable.close();
            assertThatThrownBy(listening::join).hasCauseInstanceOf(dev.heliograph.live.hub.HubUnavailableException.class);
        }
    }
}
