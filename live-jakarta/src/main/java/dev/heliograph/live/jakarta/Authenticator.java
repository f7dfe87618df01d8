package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The host's authentication, asked once per WebSocket upgrade and once per HTTP API request:
 * who sent this request? Read whatever the host app uses (a session cookie, an
 * {@code Authorization} header, an {@code auth_token} query parameter for clients that cannot
 * set headers). An empty answer refuses the request with 401 before anything else happens,
 * except for the WebSocket upgrade when the
 * node has a {@link dev.heliograph.live.LiveNode#tokenVerifier() token verifier}: that
 * connection must then name its user with the {@code connect} command's token.
 *
 * <p>Called on the container's request threads, concurrently: implementations must be
 * thread-safe. Runs after the host's servlet filters, so a filter may already have put the user
 * in a request attribute for this to return.
 */
@FunctionalInterface
public interface Authenticator {

    /** The signed-in user, or empty when the request carries no valid credentials. */
    Optional<LiveUser> authenticate(HttpServletRequest request);
}
