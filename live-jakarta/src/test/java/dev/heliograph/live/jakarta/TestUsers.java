package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveUser;
import dev.heliograph.live.LiveUser.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;

/** Test users and a bearer-token {@link Authenticator} (header or {@code auth_token} query). */
final class TestUsers {
    static final LiveUser ALICE = new LiveUser("1", "alice", 1, Role.EDITOR);
    static final LiveUser BOB = new LiveUser("2", "bob", 1, Role.VIEWER);
    static final LiveUser CAROL = new LiveUser("3", "carol", 2, Role.ADMIN);
    static final LiveUser DAVE = new LiveUser("4", "dave", 1, Role.ADMIN);

    private static final Map<String, LiveUser> BY_TOKEN = Map.of("alice-token", ALICE, "bob-token", BOB,
            "carol-token", CAROL, "dave-token", DAVE);

    private TestUsers() {}

    static Optional<LiveUser> authenticate(HttpServletRequest req) {
        String header = req.getHeader("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : req.getParameter("auth_token");
        return Optional.ofNullable(token == null ? null : BY_TOKEN.get(token));
    }

    /** The user of a bearer token, if it is one of the test users'. */
    static Optional<LiveUser> byToken(String token) {
        return Optional.ofNullable(BY_TOKEN.get(token));
    }
}
