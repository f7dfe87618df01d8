package dev.heliograph.live.example;

import dev.heliograph.live.LiveUser;
import dev.heliograph.live.jakarta.Authenticator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The demo's sign-in, as a host application's filter: every request (the WebSocket upgrade
 * included) must carry HTTP Basic credentials, or a user's API token as
 * {@code Authorization: Bearer <token>} or as the {@code auth_token} query parameter. Anything
 * else gets 401 with {@code WWW-Authenticate: Basic} so browsers ask for a login. The user is
 * left in a request attribute, which {@link #authenticator()} hands to the live servlets. With
 * JWT connection tokens on, a WebSocket upgrade without any credentials goes through unsigned-in:
 * its connect command's token names the user.
 *
 * <p>Runs on the container's request threads; stateless apart from the user directory.
 */
final class DemoAuthFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    static final String USER_ATTRIBUTE = DemoAuthFilter.class.getName() + ".user";

    private final transient DemoUsers users;
    private final String tokenUpgradePath;

    /** @param tokenUpgradePath the WebSocket path upgrades may reach without credentials (JWT on), or null */
    DemoAuthFilter(DemoUsers users, String tokenUpgradePath) {
        this.users = users;
        this.tokenUpgradePath = tokenUpgradePath;
    }

    /** Reads the user this filter authenticated. */
    static Authenticator authenticator() {
        return req -> Optional.ofNullable((LiveUser) req.getAttribute(USER_ATTRIBUTE));
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        if (tokenUpgradePath != null && req.getHeader("Authorization") == null && req.getParameter("auth_token") == null
                && tokenUpgradePath.equals(req.getRequestURI())) {
            chain.doFilter(req, resp); // the connect token will say who it is
            return;
        }
        Optional<LiveUser> user = authenticate(req);
        if (user.isEmpty()) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"Heliograph Live\", charset=\"UTF-8\"");
            resp.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            resp.setContentType("application/json");
            resp.getWriter().write("{\"message\":\"Unauthorized: sign in with HTTP Basic, or send a user's API token"
                    + " as 'Authorization: Bearer <token>' or ?auth_token=<token>\"}");
            return;
        }
        req.setAttribute(USER_ATTRIBUTE, user.get());
        chain.doFilter(req, resp);
    }

    private Optional<LiveUser> authenticate(HttpServletRequest req) {
        String header = req.getHeader("Authorization");
        if (header != null) {
            if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
                int colon = decoded.indexOf(':');
                return colon < 0 ? Optional.empty()
                        : users.byPassword(decoded.substring(0, colon), decoded.substring(colon + 1));
            }
            if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return users.byToken(header.substring(7).trim());
            }
            return Optional.empty();
        }
        String token = req.getParameter("auth_token");
        return token == null ? Optional.empty() : users.byToken(token);
    }
}
