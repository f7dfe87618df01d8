package dev.heliograph.live;

import static java.util.Objects.requireNonNull;

/**
 * An authenticated user as the host application sees it: the identity every handler callback
 * receives. The host's authenticator creates it from the HTTP request (cookie, header, token);
 * the library never creates users on its own.
 *
 * @param id    stable user id (sent to other clients as {@code info.user})
 * @param login display login (for dashboard events: "changed by admin")
 * @param orgId the organisation (tenant) the user is signed in to; channels are isolated per org
 * @param role  the user's role in that org
 */
public record LiveUser(String id, String login, long orgId, Role role) {

    /** The organisation roles, ordered from least to most privileged. */
    public enum Role {
        VIEWER,
        EDITOR,
        ADMIN;

        /** Whether this role is {@code other} or more privileged. */
        public boolean atLeast(Role other) {
            return compareTo(other) >= 0;
        }
    }

    public LiveUser {
        requireNonNull(id, "id");
        requireNonNull(login, "login");
        requireNonNull(role, "role");
        if (orgId <= 0) {
            throw new IllegalArgumentException("orgId must be positive, got " + orgId);
        }
    }
}
