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
 *   <li>{@code POST <prefix>/push/<streamId>}: Influx line protocol into the managed streams
 *       {@code stream/<streamId>/<measurement>} (all or nothing: a bad body is a 400 naming the
 *       line and column, and nothing of it is pushed);</li>
 *   <li>{@code GET <prefix>/push/<streamId>} upgraded to WebSocket (org admins): one body per
 *       message, a bad one logged and skipped; see {@link LiveSettings#push()} for limits and pings.</li>
 *   <li>{@code <prefix>/control/...} (org admins): disconnect or unsubscribe a user, list a
 *       channel's presence, publish to many channels, on every node ({@link ControlServlet}).</li>
 * </ul>
 * Same rules as {@link LiveWebSocket#register}: call while the context initialises. Every
 * request goes through the host's {@link Authenticator} (401 without a user). {@code POST}
 * bodies are read asynchronously under a deadline ({@link LiveSettings#bodyTimeout()},
 * {@link PushSettings#bodyTimeout()}: 408 after it), so every filter mapped to these paths must be
 * async-supported.
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
        add(context, "heliograph-live-push", new PushServlet(node, authenticator, settings, prefix + "/push"),
                prefix + "/push/*");
        add(context, "heliograph-live-control", new ControlServlet(node, authenticator, settings), prefix + "/control/*");
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
