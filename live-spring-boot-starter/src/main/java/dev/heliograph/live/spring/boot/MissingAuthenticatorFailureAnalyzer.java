package dev.heliograph.live.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MissingAuthenticatorException} in Boot's start-up failure report. Listed in
 * {@code META-INF/spring.factories}; Boot calls it on the failing start-up thread.
 */
public final class MissingAuthenticatorFailureAnalyzer extends AbstractFailureAnalyzer<MissingAuthenticatorException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingAuthenticatorException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Add spring-boot-starter-security (its signed-in user becomes the Live user: see"
                        + " SpringSecurityAuthenticator), or define a bean of type"
                        + " dev.heliograph.live.jakarta.Authenticator that maps an HttpServletRequest to a LiveUser,"
                        + " or set heliograph.live.enabled=false.",
                cause);
    }
}
