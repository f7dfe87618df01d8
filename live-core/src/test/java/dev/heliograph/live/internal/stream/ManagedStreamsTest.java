package dev.heliograph.live.internal.stream;

import static dev.heliograph.live.testing.Users.ADMIN;
import static dev.heliograph.live.testing.Users.OTHER_ORG_VIEWER;
import static dev.heliograph.live.testing.Users.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.SubscribeOutcome;
import dev.heliograph.live.channel.ChannelId;
import dev.heliograph.live.channel.InvalidChannelException;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.frame.Field;
import dev.heliograph.live.frame.FrameJson;
import dev.heliograph.live.handler.HandlerStatus;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.ManagedChannel;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.stream.StreamContext;
import dev.heliograph.live.stream.StreamHandler;
import dev.heliograph.live.testing.Hubs;
import dev.heliograph.live.testing.Recorder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("managed streams")
class ManagedStreamsTest {
    private static final OrgChannel CPU = OrgChannel.of(1, "stream/telegraf/cpu");

    private final Hub hub = Hubs.fresh();
    private final LiveNode node = LiveNode.builder().hub(hub).build();

    @AfterEach
    void close() {
        node.close();
        hub.close();
    }

    private static DataFrame cpu(long timeMillis, double value) {
        return DataFrame.builder()
                .name("cpu")
                .field(Field.time("time").appendTimeMillis(timeMillis))
                .field(Field.float64("usage", true).appendDouble(value))
                .build();
    }

    private static DataFrame cpuWithHost(long timeMillis, double value) {
        return DataFrame.builder()
                .name("cpu")
                .field(Field.time("time").appendTimeMillis(timeMillis))
                .field(Field.float64("usage", true).appendDouble(value))
                .field(Field.string("host", true).appendString("web-1"))
                .build();
    }

    private static String json(DataFrame frame, FrameJson.Include include) {
        return new String(FrameJson.encode(frame, include), StandardCharsets.UTF_8);
    }

    private void push(String streamId, DataFrame frame) {
        node.pushFrame(1, streamId, frame).toCompletableFuture().join();
    }

    @Test
    void the_first_frame_is_published_in_full_and_later_frames_with_the_same_schema_as_data_only() {
        Recorder r = new Recorder();
        node.subscribe(VIEWER, CPU, null, r);

        push("telegraf", cpu(1000, 1.5));
        push("telegraf", cpu(2000, 2.5));

        assertThat(r.data()).containsExactly(
                json(cpu(1000, 1.5), FrameJson.Include.ALL), json(cpu(2000, 2.5), FrameJson.Include.DATA_ONLY));
        assertThat(r.data().get(1)).doesNotContain("schema");
    }

    @Test
    void a_schema_change_publishes_the_full_frame_again() {
        Recorder r = new Recorder();
        node.subscribe(VIEWER, CPU, null, r);

        push("telegraf", cpu(1000, 1.5));
        push("telegraf", cpuWithHost(2000, 2.5));
        push("telegraf", cpuWithHost(3000, 3.5));
        push("telegraf", cpu(4000, 4.5));

        assertThat(r.data()).containsExactly(
                json(cpu(1000, 1.5), FrameJson.Include.ALL),
                json(cpuWithHost(2000, 2.5), FrameJson.Include.ALL),
                json(cpuWithHost(3000, 3.5), FrameJson.Include.DATA_ONLY),
                json(cpu(4000, 4.5), FrameJson.Include.ALL));
    }

    @Test
    void a_new_subscriber_gets_the_last_frame_in_full_as_initial_data() {
        push("telegraf", cpu(1000, 1.5));
        push("telegraf", cpu(2000, 2.5));

        SubscribeOutcome late = node.subscribe(VIEWER, CPU, null, new Recorder());

        assertThat(late.reply().isOk()).isTrue();
        assertThat(late.reply().initialData()).hasToString(json(cpu(2000, 2.5), FrameJson.Include.ALL));
    }

    @Test
    void a_subscriber_before_any_push_is_let_in_without_initial_data() {
        SubscribeOutcome early = node.subscribe(VIEWER, OrgChannel.of(1, "stream/telegraf/disk"), null, new Recorder());

        assertThat(early.reply().isOk()).isTrue();
        assertThat(early.reply().initialData()).isNull();
    }

    @Test
    void the_list_shows_each_active_stream_with_its_minute_rate_and_schema_for_the_org_only() {
        push("telegraf", cpu(1000, 1.5));
        push("telegraf", cpu(2000, 2.5));
        push("telegraf", cpu(3000, 3.5));
        push("app", DataFrame.builder().name("requests").field(Field.float64("n").appendDouble(1)).build());
        node.pushFrame(2, "telegraf", cpu(1000, 9)).toCompletableFuture().join();

        List<ManagedChannel> list = node.listManagedStreams(1);

        assertThat(list).extracting(ManagedChannel::channel)
                .containsExactly(ChannelId.parse("stream/app/requests"), ChannelId.parse("stream/telegraf/cpu"));
        assertThat(list).extracting(ManagedChannel::minuteRate).containsExactly(1L, 3L);
        assertThat(list.get(1).schema()).hasToString(json(cpu(3000, 3.5), FrameJson.Include.SCHEMA_ONLY));
        assertThat(node.listManagedStreams(2)).hasSize(1);
    }

    @Test
    void orgs_do_not_see_each_others_frames() {
        push("telegraf", cpu(1000, 1.5));

        SubscribeOutcome other = node.subscribe(OTHER_ORG_VIEWER, OrgChannel.of(2, "stream/telegraf/cpu"), null, new Recorder());

        assertThat(other.reply().initialData()).isNull();
    }

    @Test
    void clients_may_not_publish_to_a_managed_stream_not_even_admins() {
        Recorder r = new Recorder();
        node.subscribe(VIEWER, CPU, null, r);

        var reply = node.publish(ADMIN, CPU, RawJson.parse("{\"data\":{}}"), null).toCompletableFuture().join();

        assertThat(reply.status()).isEqualTo(HandlerStatus.PERMISSION_DENIED);
        assertThat(r.received()).isEmpty();
    }

    @Test
    void an_invalid_stream_id_or_frame_name_is_refused_with_the_reason() {
        assertThatThrownBy(() -> node.pushFrame(1, "tele graf", cpu(1, 1)))
                .isInstanceOf(InvalidChannelException.class)
                .hasMessageContaining("stream 'tele graf'")
                .hasMessageContaining("U+0020");
        assertThatThrownBy(() -> node.pushFrame(1, "telegraf",
                        DataFrame.builder().name("cpu load").field(Field.float64("v").appendDouble(1)).build()))
                .isInstanceOf(InvalidChannelException.class)
                .hasMessageContaining("frame named 'cpu load'");
        assertThatThrownBy(() -> node.pushFrame(1, "telegraf", DataFrame.of(Field.float64("v").appendDouble(1))))
                .isInstanceOf(InvalidChannelException.class)
                .hasMessageContaining("has no name");
        assertThat(node.listManagedStreams(1)).isEmpty();
    }

    @Test
    void a_data_source_stream_sends_frames_with_or_without_schema_to_local_subscribers() throws Exception {
        StreamHandler frames = new StreamHandler() {
            @Override
            public dev.heliograph.live.handler.SubscribeReply subscribeStream(dev.heliograph.live.handler.SubscribeEvent e) {
                return dev.heliograph.live.handler.SubscribeReply.ok();
            }

            @Override
            public void runStream(StreamContext ctx) throws Exception {
                ctx.sender().sendFrame(cpu(1000, 1), true);
                ctx.sender().sendFrame(cpu(2000, 2), false);
                ctx.awaitCancellation(java.time.Duration.ofMinutes(1));
            }

            @Override
            public dev.heliograph.live.handler.PublishReply publishStream(dev.heliograph.live.handler.PublishEvent e) {
                return dev.heliograph.live.handler.PublishReply.permissionDenied();
            }
        };
        try (LiveNode dsNode = LiveNode.builder().streamHandler("ds", "gen", frames).build()) { // its own hub: an engine serves one node
            Recorder r = new Recorder();
            dsNode.subscribe(VIEWER, OrgChannel.of(1, "ds/gen/x"), null, r);

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> r.data().size() == 2);
            assertThat(r.data()).containsExactly(
                    json(cpu(1000, 1), FrameJson.Include.ALL), json(cpu(2000, 2), FrameJson.Include.DATA_ONLY));
        }
    }
}
