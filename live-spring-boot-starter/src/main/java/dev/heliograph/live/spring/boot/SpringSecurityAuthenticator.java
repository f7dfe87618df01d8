package dev.heliograph.live.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveUser;
import dev.heliograph.live.jakarta.Authenticator;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The starter's default {@link Authenticator} when Spring Security is on the class path: the user
 * Spring Security signed in for this request (its {@code SecurityContextHolder}), mapped as
 * <ul>
 *   <li>id and login: the authentication's name ({@code Authentication#getName()});</li>
 *   <li>org: {@code heliograph.live.security.org-id} (1 by default) for every user;</li>
 *   <li>role: Admin with the authority {@code heliograph.live.security.admin-authority}
 *       ({@code ROLE_ADMIN}), else Editor with {@code editor-authority} ({@code ROLE_EDITOR}),
 *       else Viewer.</li>
 * </ul>
 * No authentication, an unauthenticated one, or Spring Security's anonymous user is no user (401).
 * A host with several orgs or its own roles defines its own {@code Authenticator} bean instead.
 *
 * <p>Called by the Live servlets on the container's request threads, after Spring Security's
 * filters; thread-safe (stateless).
 */
public final class SpringSecurityAuthenticator implements Authenticator {
    private final long orgId;
    private final String adminAuthority;
    private final String editorAuthority;

    /**
     * @param orgId           the org of every user; positive
     * @param adminAuthority  the authority of org admins, e.g. {@code ROLE_ADMIN}
     * @param editorAuthority the authority of org editors, e.g. {@code ROLE_EDITOR}
     */
    public SpringSecurityAuthenticator(long orgId, String adminAuthority, String editorAuthority) {
        if (orgId <= 0) {
            throw new IllegalArgumentException("heliograph.live.security.org-id must be positive, got " + orgId);
        }
        this.orgId = orgId;
        this.adminAuthority = requireNonNull(adminAuthority, "adminAuthority");
        this.editorAuthority = requireNonNull(editorAuthority, "editorAuthority");
    }

    @Override
    public Optional<LiveUser> authenticate(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        String name = auth.getName();
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LiveUser(name, name, orgId, role(auth)));
    }

    private LiveUser.Role role(Authentication auth) {
        boolean editor = false;
        for (GrantedAuthority authority : auth.getAuthorities()) {
            String a = authority.getAuthority();
            if (adminAuthority.equals(a)) {
                return LiveUser.Role.ADMIN;
            }
            editor |= editorAuthority.equals(a);
        }
        return editor ? LiveUser.Role.EDITOR : LiveUser.Role.VIEWER;
    }
}
