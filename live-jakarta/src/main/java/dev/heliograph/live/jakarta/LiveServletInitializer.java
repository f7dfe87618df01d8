package dev.heliograph.live.jakarta;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveNode;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/**
 * Opt-in convenience: registers the WebSocket endpoint and the HTTP API when the container
 * starts the context. Not listed in {@code META-INF/services}, so it never runs on its own: the
 * host creates it with its node and hands it to the container, e.g. on embedded Tomcat
 * {@code ctx.addServletContainerInitializer(new LiveServletInitializer(node, auth, settings), null)}
 * after {@code WsSci}.
 */
public final class LiveServletInitializer implements ServletContainerInitializer {
    private final LiveNode node;
    private final Authenticator authenticator;
    private final LiveSettings settings;
    private volatile LiveWebSocket webSocket;

    public LiveServletInitializer(LiveNode node, Authenticator authenticator, LiveSettings settings) {
        this.node = requireNonNull(node, "node");
        this.authenticator = requireNonNull(authenticator, "authenticator");
        this.settings = requireNonNull(settings, "settings");
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        webSocket = LiveWebSocket.register(context, node, authenticator, settings);
        LiveHttpApi.register(context, node, authenticator, settings);
    }

    /** The registered endpoint, once the context started; null before. */
    public LiveWebSocket webSocket() {
        return webSocket;
    }
}
