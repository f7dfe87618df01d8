package dev.heliograph.live.example;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveUser;
import dev.heliograph.live.feature.DashboardAccess;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's dashboard store: a few dashboards kept in memory per org, and the answers the
 * live {@code grafana/dashboard} feature asks of the host (does it exist, may this user view or
 * edit it). Every org starts with one dashboard, uid {@code demo}. Viewers may view, editors and
 * admins may also edit.
 *
 * <p>Called from request threads (the demo API) and connection threads (the live feature);
 * thread-safe.
 */
final class DemoDashboards implements DashboardAccess {
    static final String SAMPLE_UID = "demo";

    /** One saved version of a dashboard. */
    record Dashboard(String uid, String title, String description, long version, String updatedBy, Instant updated) {}

    private record Key(long orgId, String uid) {}

    private final ConcurrentHashMap<Key, Dashboard> byKey = new ConcurrentHashMap<>();

    /** The dashboard as last saved, or the org's sample before any save; empty when unknown. */
    Optional<Dashboard> get(long orgId, String uid) {
        requireNonNull(uid, "uid");
        Dashboard d = byKey.get(new Key(orgId, uid));
        if (d == null && SAMPLE_UID.equals(uid)) {
            d = byKey.computeIfAbsent(new Key(orgId, uid), k -> sample());
        }
        return Optional.ofNullable(d);
    }

    /**
     * Saves a new version of an existing dashboard.
     *
     * @return the saved version, or empty when the dashboard does not exist
     */
    Optional<Dashboard> save(LiveUser by, String uid, String title, String description) {
        requireNonNull(by, "by");
        if (get(by.orgId(), uid).isEmpty()) {
            return Optional.empty();
        }
        Dashboard saved = byKey.compute(new Key(by.orgId(), uid), (k, old) ->
                new Dashboard(uid, title, description, old.version() + 1, by.login(), Instant.now()));
        return Optional.of(saved);
    }

    @Override
    public boolean exists(LiveUser user, String uid) {
        return get(user.orgId(), uid).isPresent();
    }

    @Override
    public boolean canView(LiveUser user, String uid) {
        return true;
    }

    @Override
    public boolean canEdit(LiveUser user, String uid) {
        return user.role().atLeast(LiveUser.Role.EDITOR);
    }

    private static Dashboard sample() {
        return new Dashboard(SAMPLE_UID, "Demo dashboard",
                "Edit me in one tab and save: every other tab on this dashboard is told at once.", 1, null,
                Instant.now());
    }
}
