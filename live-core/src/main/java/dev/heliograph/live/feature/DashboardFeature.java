package dev.heliograph.live.feature;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveUser;
import dev.heliograph.live.handler.ChannelHandler;
import dev.heliograph.live.handler.HandlerStatus;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import java.lang.System.Logger.Level;
import org.jspecify.annotations.Nullable;

/**
 * The built-in {@code grafana/dashboard} feature, for clients:
 * <ul>
 *   <li>{@code grafana/dashboard/uid/<uid>}: subscribe needs the dashboard to exist (else
 *       NOT_FOUND) and the user to be allowed to view it (else PERMISSION_DENIED); presence and
 *       join/leave are on. A client may publish only {@code {"uid":<uid>,"action":"editing-started"}}:
 *       the feature rebroadcasts {@code {"uid","action","user":{"id","login"}}} built from the
 *       signed-in user (other members the client sent are dropped, so nobody can pose as someone
 *       else). A user who may not edit is dropped silently (OK, nothing broadcast). Any other
 *       action, a different uid or a body that is not a JSON object is PERMISSION_DENIED.</li>
 *   <li>{@code grafana/dashboard/gitops}: org admins only; receives every save and delete event
 *       ({@link Dashboards}). Clients never publish there (PERMISSION_DENIED).</li>
 *   <li>any other path: NOT_FOUND.</li>
 * </ul>
 *
 * <p>Created by {@link dev.heliograph.live.LiveNode}; called from connection and request
 * threads. Thread-safe (stateless apart from the host's {@link DashboardAccess}).
 */
public final class DashboardFeature implements ChannelHandler {
    private static final System.Logger LOG = System.getLogger(DashboardFeature.class.getName());
    static final String GITOPS = "gitops";
    static final String UID_PREFIX = "uid/";

    private final DashboardAccess access;

    public DashboardFeature(DashboardAccess access) {
        this.access = requireNonNull(access, "access");
    }

    @Override
    public SubscribeReply onSubscribe(SubscribeEvent event) {
        String path = event.channel().channel().path();
        LiveUser user = event.user();
        if (path.equals(GITOPS)) {
            return user.role().atLeast(LiveUser.Role.ADMIN)
                    ? new SubscribeReply(HandlerStatus.OK, null, true, false)
                    : SubscribeReply.permissionDenied();
        }
        String uid = uidOf(path);
        if (uid == null) {
            LOG.log(Level.DEBUG, "unknown dashboard channel {0}", event.channel());
            return SubscribeReply.notFound();
        }
        if (!access.exists(user, uid)) {
            return SubscribeReply.notFound();
        }
        if (!access.canView(user, uid)) {
            return SubscribeReply.permissionDenied();
        }
        return SubscribeReply.ok().withPresenceAndJoinLeave();
    }

    @Override
    public PublishReply onPublish(PublishEvent event) {
        String path = event.channel().channel().path();
        if (path.equals(GITOPS)) {
            return PublishReply.permissionDenied();
        }
        String uid = uidOf(path);
        if (uid == null) {
            return PublishReply.notFound();
        }
        DashboardEvents.ClientEvent sent = DashboardEvents.readClientEvent(event.data());
        if (sent == null || !uid.equals(sent.uid()) || !DashboardEvents.EDITING_STARTED.equals(sent.action())) {
            LOG.log(Level.DEBUG, () -> "refused dashboard publish on " + event.channel() + " by " + event.user().login()
                    + ": only {\"uid\":\"" + uid + "\",\"action\":\"editing-started\"} is accepted");
            return PublishReply.permissionDenied();
        }
        LiveUser user = event.user();
        if (!access.exists(user, uid)) {
            return PublishReply.notFound();
        }
        if (!access.canEdit(user, uid)) {
            return PublishReply.ok(null); // silently dropped, as in Grafana
        }
        return PublishReply.ok(DashboardEvents.encode(uid, DashboardEvents.EDITING_STARTED, user, null));
    }

    /** The uid of a {@code uid/<uid>} path, or null for any other path. */
    private static @Nullable String uidOf(String path) {
        if (!path.startsWith(UID_PREFIX) || path.length() == UID_PREFIX.length()) {
            return null;
        }
        String uid = path.substring(UID_PREFIX.length());
        return uid.indexOf('/') < 0 ? uid : null;
    }
}
