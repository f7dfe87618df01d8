package dev.heliograph.live.feature;

import dev.heliograph.live.LiveUser;

/**
 * The host's answers about dashboards for the built-in {@code grafana/dashboard} feature. Each
 * question is asked for a dashboard uid in the user's org ({@link LiveUser#orgId()}).
 *
 * <p>Called from connection and request threads, on every subscribe to or publish on a
 * {@code grafana/dashboard/uid/<uid>} channel: answer from the host's own store or cache,
 * quickly. Must be thread-safe. An exception is reported to the client as an internal error.
 */
public interface DashboardAccess {

    /** Whether the dashboard exists in the user's org. */
    boolean exists(LiveUser user, String uid);

    /** Whether the user may view it (asked only when it exists). */
    boolean canView(LiveUser user, String uid);

    /** Whether the user may edit it (asked only when it exists). */
    boolean canEdit(LiveUser user, String uid);

    /** The default: no dashboard exists, so every dashboard subscribe is answered NOT_FOUND. */
    static DashboardAccess none() {
        return NoDashboards.INSTANCE;
    }
}
