package dev.heliograph.live.feature;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.ChannelId;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.json.RawJson;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * How the host tells live clients that a dashboard was saved or deleted. Each event
 * {@code {"uid":..,"action":"saved"|"deleted","user":{"id":..,"login":..},"message":..}} goes to
 * {@code grafana/dashboard/uid/<uid>} and to {@code grafana/dashboard/gitops} of the org, on every
 * node. Obtained from {@link dev.heliograph.live.LiveNode#dashboards()}.
 *
 * <p>Thread-safe; call it from the thread that saved the dashboard. Never blocks.
 */
public final class Dashboards {
    private static final ChannelId GITOPS = ChannelId.of("grafana", "dashboard", DashboardFeature.GITOPS);

    private final Hub hub;

    public Dashboards(Hub hub) {
        this.hub = requireNonNull(hub, "hub");
    }

    /**
     * Announces a save.
     *
     * @param by      who saved it; null for a save by the system (the event then has no user)
     * @param message the save message; null for none
     * @return completes when both publications were accepted by the engine, or exceptionally
     *     with {@link dev.heliograph.live.hub.HubUnavailableException}
     * @throws dev.heliograph.live.channel.InvalidChannelException when {@code uid} cannot be part
     *     of a channel name (allowed: A-Z a-z 0-9 _ . - =)
     */
    public CompletionStage<Void> saved(long orgId, String uid, LiveUser by, String message) {
        return announce(orgId, uid, DashboardEvents.SAVED, by, message);
    }

    /** Announces a delete; like {@link #saved} without a message. */
    public CompletionStage<Void> deleted(long orgId, String uid, LiveUser by) {
        return announce(orgId, uid, DashboardEvents.DELETED, by, null);
    }

    private CompletionStage<Void> announce(long orgId, String uid, String action, LiveUser by, @Nullable String message) {
        requireNonNull(uid, "uid");
        if (uid.indexOf('/') >= 0) {
            throw new dev.heliograph.live.channel.InvalidChannelException(
                    "dashboard uid '" + uid + "' contains '/': a uid is one path segment");
        }
        OrgChannel dashboard = OrgChannel.of(orgId, ChannelId.of("grafana", "dashboard", DashboardFeature.UID_PREFIX + uid));
        OrgChannel gitops = OrgChannel.of(orgId, GITOPS);
        RawJson event = DashboardEvents.encode(uid, action, by, message);
        CompletableFuture<?> toDashboard = hub.publish(Publication.of(dashboard, event)).toCompletableFuture();
        CompletableFuture<?> toGitops = hub.publish(Publication.of(gitops, event)).toCompletableFuture();
        return CompletableFuture.allOf(toDashboard, toGitops);
    }
}
