package dev.heliograph.live.feature;

import static dev.heliograph.live.testing.Users.EDITOR;
import static dev.heliograph.live.testing.Users.OTHER_ORG_VIEWER;
import static dev.heliograph.live.testing.Users.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.SubscribeOutcome;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.testing.Hubs;
import dev.heliograph.live.testing.Recorder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("grafana/broadcast")
class BroadcastFeatureTest {
    private final Hub hub = Hubs.fresh();
    private final LiveNode node = LiveNode.builder().hub(hub).build();

    @AfterEach
    void close() {
        node.close();
        hub.close();
    }

    @Test
    void any_signed_in_user_subscribes_with_presence_and_join_leave_on() {
        SubscribeOutcome outcome = node.subscribe(VIEWER, OrgChannel.of(1, "grafana/broadcast/chat"), null, new Recorder());

        assertThat(outcome.reply().isOk()).isTrue();
        assertThat(outcome.reply().presence()).isTrue();
        assertThat(outcome.reply().joinLeave()).isTrue();
        assertThat(outcome.reply().initialData()).isNull();
    }

    @Test
    void keeps_no_history_unless_the_node_asks() {
        OrgChannel chat = OrgChannel.of(1, "grafana/broadcast/no-history");
        assertThat(node.subscribe(VIEWER, chat, null, new Recorder()).reply().recover()).isFalse();

        node.publish(EDITOR, chat, RawJson.parse("{\"t\":1}"), null).toCompletableFuture().join();

        assertThat(hub.history(chat, dev.heliograph.live.hub.HistoryQuery.since(null)).toCompletableFuture().join()
                .publications()).isEmpty();
    }

    @Test
    void with_broadcast_history_publications_are_kept_and_subscriptions_recoverable() {
        Hub own = Hubs.fresh();
        try (LiveNode withHistory = LiveNode.builder().hub(own).broadcastHistory(2, Duration.ofMinutes(5)).build()) {
            OrgChannel chat = OrgChannel.of(1, "grafana/broadcast/history");
            assertThat(withHistory.subscribe(VIEWER, chat, null, new Recorder()).reply().recover()).isTrue();

            for (int n = 1; n <= 3; n++) {
                withHistory.publish(EDITOR, chat, RawJson.parse("{\"n\":" + n + "}"), null).toCompletableFuture().join();
            }

            var history = own.history(chat, dev.heliograph.live.hub.HistoryQuery.since(null)).toCompletableFuture().join();
            assertThat(history.publications()).extracting(p -> p.data().toString()).containsExactly("{\"n\":2}", "{\"n\":3}");
            assertThat(history.top().offset()).isEqualTo(3);
        } finally {
            own.close();
        }
    }

    @Test
    void a_viewer_publishes_and_every_subscriber_gets_the_message_unchanged() {
        OrgChannel chat = OrgChannel.of(1, "grafana/broadcast/chat");
        Recorder r = new Recorder();
        node.subscribe(EDITOR, chat, null, r);

        var reply = node.publish(VIEWER, chat, RawJson.parse("{\"text\":\"hi\"}"), null).toCompletableFuture().join();

        assertThat(reply.isOk()).isTrue();
        assertThat(r.data()).containsExactly("{\"text\":\"hi\"}");
    }

    @Test
    void the_last_message_of_a_channel_is_the_next_subscribers_initial_data() {
        OrgChannel chat = OrgChannel.of(1, "grafana/broadcast/chat");
        node.publish(VIEWER, chat, RawJson.parse("{\"n\":1}"), null).toCompletableFuture().join();
        node.publish(VIEWER, chat, RawJson.parse("{\"n\":2}"), null).toCompletableFuture().join();

        SubscribeOutcome late = node.subscribe(EDITOR, chat, null, new Recorder());
        SubscribeOutcome elsewhere = node.subscribe(EDITOR, OrgChannel.of(1, "grafana/broadcast/other"), null, new Recorder());

        assertThat(late.reply().initialData()).hasToString("{\"n\":2}");
        assertThat(elsewhere.reply().initialData()).isNull();
    }

    @Test
    void another_orgs_channel_of_the_same_name_does_not_see_the_last_message() {
        node.publish(VIEWER, OrgChannel.of(1, "grafana/broadcast/chat"), RawJson.parse("{\"secret\":1}"), null)
                .toCompletableFuture().join();

        SubscribeOutcome other = node.subscribe(OTHER_ORG_VIEWER, OrgChannel.of(2, "grafana/broadcast/chat"), null, new Recorder());

        assertThat(other.reply().initialData()).isNull();
    }

    @Test
    void the_last_message_expires_after_the_ttl_and_expired_entries_are_swept() {
        AtomicLong now = new AtomicLong(0);
        BroadcastFeature feature = new BroadcastFeature(Duration.ofMinutes(5), now::get);
        OrgChannel a = OrgChannel.of(1, "grafana/broadcast/a");
        OrgChannel b = OrgChannel.of(1, "grafana/broadcast/b");
        feature.onPublished(new PublishEvent(VIEWER, a, RawJson.parse("1")));

        now.set(Duration.ofMinutes(5).minusNanos(1).toNanos());
        SubscribeReply justBefore = feature.onSubscribe(new SubscribeEvent(VIEWER, a, null));
        now.set(Duration.ofMinutes(5).toNanos());
        SubscribeReply atExpiry = feature.onSubscribe(new SubscribeEvent(VIEWER, a, null));
        feature.onPublished(new PublishEvent(VIEWER, b, RawJson.parse("2")));

        assertThat(justBefore.initialData()).hasToString("1");
        assertThat(atExpiry.initialData()).isNull();
        assertThat(feature.keptCount()).as("a's expired entry is swept on b's publish").isEqualTo(1);
    }

    @Test
    @DisplayName("a publication the engine refused is not kept as the channel's last message")
    void refused_publications_are_not_kept() {
        Hub refusing = new dev.heliograph.live.testing.ForwardingHub(Hubs.fresh()) {
            @Override
            public java.util.concurrent.CompletionStage<dev.heliograph.live.hub.StreamPosition> publish(
                    dev.heliograph.live.hub.Publication publication, dev.heliograph.live.hub.HistoryOptions history) {
                return java.util.concurrent.CompletableFuture.failedFuture(
                        new dev.heliograph.live.hub.HubUnavailableException("Redis is down (test)"));
            }
        };
        OrgChannel chat = OrgChannel.of(1, "grafana/broadcast/refused");
        try (LiveNode refusingNode = LiveNode.builder().hub(refusing).build()) {
            assertThat(refusingNode.publish(EDITOR, chat, RawJson.parse("{\"t\":1}"), null).toCompletableFuture())
                    .isCompletedExceptionally();
            assertThat(refusingNode.subscribe(VIEWER, chat, null, new Recorder()).reply().initialData()).isNull();
        }
        node.publish(EDITOR, chat, RawJson.parse("{\"t\":2}"), null).toCompletableFuture().join();
        assertThat(node.subscribe(VIEWER, chat, null, new Recorder()).reply().initialData()).hasToString("{\"t\":2}");
    }
}
