package dev.heliograph.live.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.LiveUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

@DisplayName("The Spring Security authenticator")
class SpringSecurityAuthenticatorTest {
    private final SpringSecurityAuthenticator authenticator = new SpringSecurityAuthenticator(1, "ROLE_ADMIN", "ROLE_EDITOR");
    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/live/ws");

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    private static void signIn(String name, String... authorities) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name,
                "n/a", AuthorityUtils.createAuthorityList(authorities)));
    }

    @Test
    @DisplayName("maps the signed-in name to id and login, in the configured org")
    void mapsName() {
        signIn("alice", "ROLE_USER");
        assertThat(authenticator.authenticate(request)).contains(new LiveUser("alice", "alice", 1, LiveUser.Role.VIEWER));
        assertThat(new SpringSecurityAuthenticator(7, "ROLE_ADMIN", "ROLE_EDITOR").authenticate(request).orElseThrow()
                .orgId()).isEqualTo(7);
    }

    @Test
    @DisplayName("maps ROLE_ADMIN to Admin, ROLE_EDITOR to Editor, anything else to Viewer")
    void mapsRoles() {
        signIn("a", "ROLE_EDITOR", "ROLE_ADMIN");
        assertThat(authenticator.authenticate(request).orElseThrow().role()).isEqualTo(LiveUser.Role.ADMIN);
        signIn("e", "ROLE_USER", "ROLE_EDITOR");
        assertThat(authenticator.authenticate(request).orElseThrow().role()).isEqualTo(LiveUser.Role.EDITOR);
        signIn("v");
        assertThat(authenticator.authenticate(request).orElseThrow().role()).isEqualTo(LiveUser.Role.VIEWER);
    }

    @Test
    @DisplayName("has no user without authentication, for the anonymous user, or for an unauthenticated token")
    void noUser() {
        assertThat(authenticator.authenticate(request)).isEmpty();
        SecurityContextHolder.getContext().setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
        assertThat(authenticator.authenticate(request)).isEmpty();
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.unauthenticated("bob", "pw"));
        assertThat(authenticator.authenticate(request)).isEmpty();
    }

    @Test
    @DisplayName("refuses an org id that is not positive")
    void badOrg() {
        assertThatThrownBy(() -> new SpringSecurityAuthenticator(0, "ROLE_ADMIN", "ROLE_EDITOR"))
                .hasMessageContaining("org-id").hasMessageContaining("0");
    }
}
