package dev.heliograph.live.jakarta;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

/**
 * Registers the live HTTP API under {@link LiveSettings#httpApiPath()} ({@code /api/live}):
 * <ul>
 *   <li>{@code POST <prefix>/publish}: publish to a channel in the caller's org;</li>
 *   <li>{@code GET <prefix>/list}: the org's active managed streams;</li>
 *   <li>{@code <prefix>/push/<streamId>} (Influx line protocol over HTTP and WebSocket): not
 *       registered yet; it will be added in {@link #register} next to the two above.</li>
 * </ul>
 * Same rules as {@link LiveWebSocket#register}: call while the context initialises. Every
 * request goes through the host's {@link Authenticator} (401 without a user).
 */
public final class LiveHttpApi {
    private LiveHttpApi() {}

    public static void register(ServletContext context, LiveNode node, Authenticator authenticator,
            LiveSettings settings) {
        requireNonNull(context, "context");
        requireNonNull(node, "node");
        requireNonNull(authenticator, "authenticator");
        requireNonNull(settings, "settings");
        String prefix = settings.httpApiPath().equals("/") ? "" : settings.httpApiPath();
        add(context, "heliograph-live-publish", new PublishServlet(node, authenticator, settings), prefix + "/publish");
        add(context, "heliograph-live-list", new ListServlet(node, authenticator), prefix + "/list");
        // The push endpoints (POST and WebSocket <prefix>/push/<streamId>) register here.
    }

    private static void add(ServletContext context, String name, Servlet servlet, String path) {
        ServletRegistration.Dynamic reg = context.addServlet(name, servlet);
        if (reg == null) {
            throw new IllegalStateException("a servlet named " + name + " is already registered in this context");
        }
        reg.addMapping(path);
        reg.setAsyncSupported(true);
    }
}
