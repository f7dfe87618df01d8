package dev.heliograph.live.feature;

import static dev.heliograph.live.testing.Users.ADMIN;
import static dev.heliograph.live.testing.Users.EDITOR;
import static dev.heliograph.live.testing.Users.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.SubscribeOutcome;
import dev.heliograph.live.channel.InvalidChannelException;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.handler.HandlerStatus;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.testing.CountingHub;
import dev.heliograph.live.testing.Hubs;
import dev.heliograph.live.testing.LogCapture;
import dev.heliograph.live.testing.Recorder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("grafana/dashboard")
class DashboardFeatureTest {
    private static final LiveUser OUTSIDER = new LiveUser("14", "olga", 1, LiveUser.Role.EDITOR);

    /** The host's answers: dashboard "ops" and "secret" exist; who may view and edit them. */
    private static final DashboardAccess ACCESS = new DashboardAccess() {
        private final Map<String, Set<String>> viewers = Map.of(
                "ops", Set.of("vera", "ed", "ada"),
                "secret", Set.of("ada"));
        private final Map<String, Set<String>> editors = Map.of(
                "ops", Set.of("ed", "ada"),
                "secret", Set.of("ada"));

        @Override
        public boolean exists(LiveUser user, String uid) {
            return user.orgId() == 1 && viewers.containsKey(uid);
        }

        @Override
        public boolean canView(LiveUser user, String uid) {
            return viewers.get(uid).contains(user.login());
        }

        @Override
        public boolean canEdit(LiveUser user, String uid) {
            return editors.get(uid).contains(user.login());
        }
    };

    private final Hub hub = Hubs.fresh();
    private final CountingHub counting = new CountingHub(hub);
    private final LiveNode node = LiveNode.builder().hub(counting).dashboardAccess(ACCESS).build();

    @AfterEach
    void close() {
        node.close();
        hub.close();
    }

    private static OrgChannel ch(String path) {
        return OrgChannel.of(1, "grafana/dashboard/" + path);
    }

    private HandlerStatus subscribeStatus(LiveUser user, String path) {
        return node.subscribe(user, ch(path), null, new Recorder()).reply().status();
    }

    private PublishReply publish(LiveUser user, String path, String json) {
        return node.publish(user, ch(path), RawJson.parse(json), null).toCompletableFuture().join();
    }

    @Nested
    @DisplayName("subscribing")
    class Subscribing {

        @Test
        void a_dashboard_that_does_not_exist_is_not_found() {
            assertThat(subscribeStatus(ADMIN, "uid/nope")).isEqualTo(HandlerStatus.NOT_FOUND);
        }

        @Test
        void a_user_who_may_not_view_the_dashboard_is_denied() {
            assertThat(subscribeStatus(VIEWER, "uid/secret")).isEqualTo(HandlerStatus.PERMISSION_DENIED);
            assertThat(subscribeStatus(OUTSIDER, "uid/ops")).isEqualTo(HandlerStatus.PERMISSION_DENIED);
        }

        @Test
        void a_viewer_subscribes_with_presence_and_join_leave() {
            SubscribeOutcome outcome = node.subscribe(VIEWER, ch("uid/ops"), null, new Recorder());

            assertThat(outcome.reply().isOk()).isTrue();
            assertThat(outcome.reply().presence()).isTrue();
            assertThat(outcome.reply().joinLeave()).isTrue();
            assertThat(outcome.subscription()).isNotNull();
        }

        @Test
        void without_dashboard_access_from_the_host_no_dashboard_exists() {
            try (LiveNode bare = LiveNode.builder().build()) { // its own hub: an engine serves one node
                assertThat(bare.subscribe(ADMIN, ch("uid/ops"), null, new Recorder()).reply().status())
                        .isEqualTo(HandlerStatus.NOT_FOUND);
            }
        }

        @Test
        void gitops_is_for_admins_only() {
            assertThat(subscribeStatus(ADMIN, "gitops")).isEqualTo(HandlerStatus.OK);
            assertThat(subscribeStatus(EDITOR, "gitops")).isEqualTo(HandlerStatus.PERMISSION_DENIED);
            assertThat(subscribeStatus(VIEWER, "gitops")).isEqualTo(HandlerStatus.PERMISSION_DENIED);
        }

        @Test
        void any_other_dashboard_path_is_not_found() {
            assertThat(subscribeStatus(ADMIN, "uid/ops/extra")).isEqualTo(HandlerStatus.NOT_FOUND);
            assertThat(subscribeStatus(ADMIN, "something")).isEqualTo(HandlerStatus.NOT_FOUND);
            assertThat(subscribeStatus(ADMIN, "uid/")).isEqualTo(HandlerStatus.NOT_FOUND);
        }
    }

    @Nested
    @DisplayName("client publishes")
    class ClientPublishes {

        @Test
        void editing_started_is_rebroadcast_with_the_signed_in_user_instead_of_what_the_client_claimed() {
            Recorder watcher = new Recorder();
            node.subscribe(VIEWER, ch("uid/ops"), null, watcher);

            PublishReply reply = publish(EDITOR, "uid/ops",
                    "{\"uid\":\"ops\",\"action\":\"editing-started\",\"user\":{\"id\":\"13\",\"login\":\"ada\"},\"x\":[1]}");

            assertThat(reply.isOk()).isTrue();
            assertThat(watcher.data())
                    .containsExactly("{\"uid\":\"ops\",\"action\":\"editing-started\",\"user\":{\"id\":\"12\",\"login\":\"ed\"}}");
        }

        @Test
        void editing_started_from_a_user_who_may_not_edit_is_dropped_silently() {
            Recorder watcher = new Recorder();
            node.subscribe(VIEWER, ch("uid/ops"), null, watcher);

            PublishReply reply = publish(VIEWER, "uid/ops", "{\"uid\":\"ops\",\"action\":\"editing-started\"}");

            assertThat(reply.status()).isEqualTo(HandlerStatus.OK);
            assertThat(reply.data()).isNull();
            assertThat(counting.published()).isZero();
            assertThat(watcher.received()).isEmpty();
        }

        @Test
        void any_other_action_a_different_uid_or_a_non_object_is_denied() {
            assertThat(publish(EDITOR, "uid/ops", "{\"uid\":\"ops\",\"action\":\"saved\"}").status())
                    .isEqualTo(HandlerStatus.PERMISSION_DENIED);
            assertThat(publish(EDITOR, "uid/ops", "{\"uid\":\"secret\",\"action\":\"editing-started\"}").status())
                    .isEqualTo(HandlerStatus.PERMISSION_DENIED);
            assertThat(publish(EDITOR, "uid/ops", "{\"action\":\"editing-started\"}").status())
                    .isEqualTo(HandlerStatus.PERMISSION_DENIED);
            assertThat(publish(EDITOR, "uid/ops", "[\"editing-started\"]").status())
                    .isEqualTo(HandlerStatus.PERMISSION_DENIED);
            assertThat(counting.published()).isZero();
        }

        @Test
        void a_refused_publish_is_logged_at_debug_with_what_would_have_been_accepted() {
            try (LogCapture log = new LogCapture(DashboardFeature.class)) {
                publish(EDITOR, "uid/ops", "{\"uid\":\"ops\",\"action\":\"deleted\"}");

                assertThat(log.messages()).anySatisfy(m -> assertThat(m)
                        .contains("1/grafana/dashboard/uid/ops")
                        .contains("by ed")
                        .contains("{\"uid\":\"ops\",\"action\":\"editing-started\"}"));
            }
        }

        @Test
        void editing_started_on_a_dashboard_that_does_not_exist_is_not_found() {
            assertThat(publish(EDITOR, "uid/nope", "{\"uid\":\"nope\",\"action\":\"editing-started\"}").status())
                    .isEqualTo(HandlerStatus.NOT_FOUND);
        }

        @Test
        void nobody_publishes_to_gitops_not_even_an_admin() {
            assertThat(publish(ADMIN, "gitops", "{\"uid\":\"ops\",\"action\":\"saved\"}").status())
                    .isEqualTo(HandlerStatus.PERMISSION_DENIED);
        }
    }

    @Nested
    @DisplayName("host events")
    class HostEvents {

        @Test
        void a_save_goes_to_the_dashboards_channel_and_to_gitops_with_user_and_message() {
            Recorder dashboard = new Recorder();
            Recorder gitops = new Recorder();
            node.subscribe(VIEWER, ch("uid/ops"), null, dashboard);
            node.subscribe(ADMIN, ch("gitops"), null, gitops);

            node.dashboards().saved(1, "ops", EDITOR, "tweak \"thresholds\"").toCompletableFuture().join();

            String event = "{\"uid\":\"ops\",\"action\":\"saved\",\"user\":{\"id\":\"12\",\"login\":\"ed\"},"
                    + "\"message\":\"tweak \\\"thresholds\\\"\"}";
            assertThat(dashboard.data()).containsExactly(event);
            assertThat(gitops.data()).containsExactly(event);
        }

        @Test
        void gitops_receives_every_dashboards_events_and_each_dashboard_only_its_own() {
            Recorder ops = new Recorder();
            Recorder gitops = new Recorder();
            node.subscribe(VIEWER, ch("uid/ops"), null, ops);
            node.subscribe(ADMIN, ch("gitops"), null, gitops);

            node.dashboards().deleted(1, "secret", ADMIN).toCompletableFuture().join();
            node.dashboards().saved(1, "ops", null, null).toCompletableFuture().join();

            assertThat(ops.data()).containsExactly("{\"uid\":\"ops\",\"action\":\"saved\"}");
            assertThat(gitops.data()).containsExactly(
                    "{\"uid\":\"secret\",\"action\":\"deleted\",\"user\":{\"id\":\"13\",\"login\":\"ada\"}}",
                    "{\"uid\":\"ops\",\"action\":\"saved\"}");
        }

        @Test
        void events_stay_in_their_org() {
            Recorder org1 = new Recorder();
            node.subscribe(ADMIN, ch("gitops"), null, org1);

            node.dashboards().saved(2, "ops", null, null).toCompletableFuture().join();

            assertThat(org1.received()).isEmpty();
        }

        @Test
        void a_uid_that_cannot_be_a_channel_path_is_refused_with_the_reason() {
            assertThatThrownBy(() -> node.dashboards().saved(1, "a/b", null, null))
                    .isInstanceOf(InvalidChannelException.class)
                    .hasMessageContaining("'a/b'");
            assertThatThrownBy(() -> node.dashboards().deleted(1, "a b", null))
                    .isInstanceOf(InvalidChannelException.class)
                    .hasMessageContaining("a b");
        }
    }
}
