package dev.heliograph.live.feature;

import dev.heliograph.live.LiveUser;

/** {@link DashboardAccess#none()}: a host without dashboards. */
enum NoDashboards implements DashboardAccess {
    INSTANCE;

    @Override
    public boolean exists(LiveUser user, String uid) {
        return false;
    }

    @Override
    public boolean canView(LiveUser user, String uid) {
        return false;
    }

    @Override
    public boolean canEdit(LiveUser user, String uid) {
        return false;
    }
}
