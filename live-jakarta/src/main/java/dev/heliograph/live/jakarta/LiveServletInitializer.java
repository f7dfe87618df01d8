package dev.heliograph.live.jakarta;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveNode;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link LiveServlets#register} as a {@link ServletContainerInitializer}, for containers that
 * take initializers (embedded Tomcat). Not listed in {@code META-INF/services}, so it never runs
 * on its own: the host creates it with its node and hands it to the container, e.g.
 * {@code ctx.addServletContainerInitializer(new LiveServletInitializer(node, auth), null)} after
 * {@code WsSci}. Called once, on the container's start-up thread.
 */
public final class LiveServletInitializer implements ServletContainerInitializer {
    private final LiveNode node;
    private final Authenticator authenticator;
    private volatile @Nullable LiveServlets servlets;

    public LiveServletInitializer(LiveNode node, Authenticator authenticator) {
        this.node = requireNonNull(node, "node");
        this.authenticator = requireNonNull(authenticator, "authenticator");
    }

    @Override
    public void onStartup(@Nullable Set<Class<?>> classes, ServletContext context) {
        servlets = LiveServlets.register(context, node, authenticator);
    }

    /** What {@link #onStartup} registered, once the context started; null before. */
    public @Nullable LiveServlets servlets() {
        return servlets;
    }
}
