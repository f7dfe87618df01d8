package dev.heliograph.live.spring.boot;

/**
 * Thrown at start-up when Live would be registered but nothing says who a request's user is: no
 * {@code Authenticator} bean and no Spring Security on the class path.
 * {@link MissingAuthenticatorFailureAnalyzer} turns it into Boot's "APPLICATION FAILED TO START"
 * report with what to do.
 */
public final class MissingAuthenticatorException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MissingAuthenticatorException() {
        super("Heliograph Live needs to know who sends each WebSocket upgrade and HTTP API request, but the"
                + " context has no dev.heliograph.live.jakarta.Authenticator bean and Spring Security is not on the"
                + " class path");
    }
}
