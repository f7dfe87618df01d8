package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveException;
import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.InvalidChannelException;
import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.hub.HubUnavailableException;
import dev.heliograph.live.influx.FrameFormat;
import dev.heliograph.live.influx.LineProtocolException;
import dev.heliograph.live.json.JsonStrings;
import dev.heliograph.live.protocol.ProtocolSettings;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * {@code <prefix>/push/<streamId>}: Influx line protocol into the managed streams
 * {@code stream/<streamId>/<measurement>} of the caller's org.
 *
 * <p><b>{@code POST}</b>: the body is one line-protocol batch, converted all or nothing. In
 * order: no user → 401; role below {@link PushSettings#httpMinimumRole()} → 403; a missing or
 * invalid stream id → 400 stating the channel rule; {@code gf_live_frame_format} other than
 * {@code labels_column} (default) or {@code wide} → 400 naming both; a body over
 * {@link PushSettings#bodyLimit()} → 413 (by its {@code Content-Length} before reading anything,
 * else as soon as the limit is crossed while reading); a bad line → 400
 * {@code {"message":"... line L, column C: ...","line":L,"column":C}} and <b>nothing of the body
 * is pushed</b>; a measurement that cannot be a channel path → 400, nothing pushed; the engine
 * unreachable → 503; else 200 with an empty body once every frame was accepted.
 *
 * <p><b>{@code GET} with a WebSocket upgrade</b> (org admins only; others get 403 before the
 * upgrade): see {@link PushEndpoint}.
 *
 * <p>Called on the container's request threads; the HTTP answer is written asynchronously when
 * the engine accepts the frames later (the Redis engine).
 */
final class PushServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(PushServlet.class.getName());

    private final transient Authenticator authenticator;
    private final transient LiveSettings settings;
    private final transient PushSettings push;
    private final transient OriginCheck originCheck;
    private final transient LineProtocolPusher pusher;
    private final String endpointPath;
    private transient ScheduledExecutorService scheduler;
    private transient boolean ownsScheduler;

    PushServlet(LiveNode node, Authenticator authenticator, LiveSettings settings, String endpointPath) {
        this.authenticator = authenticator;
        this.settings = settings;
        this.push = settings.push();
        this.originCheck = new OriginCheck(settings);
        this.pusher = new LineProtocolPusher(node, Clock.systemUTC());
        this.endpointPath = endpointPath;
    }

    @Override
    public void init() {
        scheduler = settings.protocol().map(ProtocolSettings::scheduler).orElse(null);
        if (scheduler == null) {
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "heliograph-live-push-pings");
                t.setDaemon(true);
                return t;
            });
            pool.setRemoveOnCancelPolicy(true);
            scheduler = pool;
            ownsScheduler = true;
        }
    }

    @Override
    public void destroy() {
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<LiveUser> maybeUser = authenticator.authenticate(req);
        if (maybeUser.isEmpty()) {
            HttpReplies.unauthorized(resp);
            return;
        }
        LiveUser user = maybeUser.get();
        if (!user.role().atLeast(push.httpMinimumRole())) {
            HttpReplies.error(resp, HttpServletResponse.SC_FORBIDDEN, "pushing to " + endpointPath + " needs the "
                    + push.httpMinimumRole() + " role in the org; user '" + user.login() + "' is " + user.role());
            return;
        }
        String streamId;
        FrameFormat format;
        try {
            streamId = LineProtocolPusher.streamId(req.getPathInfo(), endpointPath);
            format = FrameFormat.fromQueryValue(QueryStrings.first(req.getQueryString(), FrameFormat.QUERY_PARAMETER));
        } catch (LiveException e) {
            HttpReplies.error(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        byte[] body = readBody(req, resp);
        if (body == null) {
            return;
        }
        List<DataFrame> frames;
        try {
            frames = pusher.convert(streamId, format, body, 0, body.length);
        } catch (LineProtocolException e) {
            badLineProtocol(resp, e);
            return;
        } catch (InvalidChannelException e) {
            HttpReplies.error(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage() + "; nothing was pushed");
            return;
        }
        CompletableFuture<Void> pushed = pusher.push(user.orgId(), streamId, frames);
        if (pushed.isDone()) {
            answer(resp, pushed, streamId);
            return;
        }
        AsyncContext async = req.startAsync();
        pushed.whenComplete((ok, failure) -> {
            try {
                answer((HttpServletResponse) async.getResponse(), pushed, streamId);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "writing the push answer for stream " + streamId + " failed", e);
            } finally {
                async.complete();
            }
        });
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        Optional<LiveUser> maybeUser = authenticator.authenticate(req);
        if (maybeUser.isEmpty()) {
            HttpReplies.unauthorized(resp);
            return;
        }
        LiveUser user = maybeUser.get();
        if (!user.role().atLeast(LiveUser.Role.ADMIN)) {
            HttpReplies.error(resp, HttpServletResponse.SC_FORBIDDEN, "the push WebSocket " + endpointPath
                    + "/<streamId> is for org admins; user '" + user.login() + "' is " + user.role() + " in org "
                    + user.orgId() + " (POST line protocol to the same URL instead)");
            return;
        }
        String streamId;
        FrameFormat format;
        try {
            streamId = LineProtocolPusher.streamId(req.getPathInfo(), endpointPath);
            format = FrameFormat.fromQueryValue(QueryStrings.first(req.getQueryString(), FrameFormat.QUERY_PARAMETER));
        } catch (LiveException e) {
            HttpReplies.error(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        if (!"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
            HttpReplies.error(resp, HttpServletResponse.SC_BAD_REQUEST, "expected a WebSocket upgrade (GET with"
                    + " 'Upgrade: websocket'), got a plain GET; to push over HTTP, POST the line protocol");
            return;
        }
        String refusal = originCheck.refusal(req.getHeader("Origin"), req.getHeader("Host"));
        if (refusal != null) {
            LOG.log(System.Logger.Level.WARNING, "Live push WebSocket upgrade refused with 403: " + refusal);
            HttpReplies.error(resp, HttpServletResponse.SC_FORBIDDEN, refusal);
            return;
        }
        ServerContainer container = (ServerContainer) getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new ServletException("no Jakarta WebSocket container in this servlet context: enable WebSocket"
                    + " support (Jetty: JakartaWebSocketServletContainerInitializer.configure; Tomcat: WsSci)");
        }
        PushEndpoint endpoint = new PushEndpoint(user, streamId, format, pusher, push, scheduler, settings.idleTimeout());
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(PushEndpoint.class, endpointPath)
                .configurator(new SingleEndpointConfigurator(endpoint))
                .build();
        try {
            container.upgradeHttpToWebSocket(req, resp, config, Map.of());
        } catch (DeploymentException e) {
            throw new ServletException("push WebSocket upgrade failed: " + e.getMessage(), e);
        }
    }

    private static void answer(HttpServletResponse resp, CompletableFuture<Void> pushed, String streamId) throws IOException {
        Throwable failure = pushed.handle((ok, t) -> t).join();
        if (failure == null) {
            resp.setStatus(HttpServletResponse.SC_OK);
            resp.setContentLength(0);
            return;
        }
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof HubUnavailableException) {
            HttpReplies.error(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "the live engine is unavailable, try again shortly: " + t.getMessage());
        } else if (t instanceof InvalidChannelException) {
            HttpReplies.error(resp, HttpServletResponse.SC_BAD_REQUEST, t.getMessage());
        } else {
            LOG.log(System.Logger.Level.ERROR, "push to stream " + streamId + " failed", t);
            HttpReplies.error(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal error"
                    + (t instanceof LiveException ? ": " + t.getMessage() : ""));
        }
    }

    private static void badLineProtocol(HttpServletResponse resp, LineProtocolException e) throws IOException {
        StringBuilder sb = new StringBuilder(128).append("{\"message\":\"");
        JsonStrings.appendEscaped(sb, "invalid line protocol, nothing was pushed: " + e.getMessage());
        sb.append("\",\"line\":").append(e.line()).append(",\"column\":").append(e.column()).append('}');
        HttpReplies.json(resp, HttpServletResponse.SC_BAD_REQUEST, sb.toString());
    }

    /** The body, or null after answering 413 when it exceeds the limit (it is then not read to the end). */
    private byte[] readBody(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int limit = push.bodyLimit();
        long declared = req.getContentLengthLong();
        if (limit != LiveSettings.UNLIMITED && declared > limit) {
            tooLarge(resp, declared);
            return null;
        }
        InputStream in = req.getInputStream();
        if (limit == LiveSettings.UNLIMITED) {
            return in.readAllBytes();
        }
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            tooLarge(resp, -1);
            return null;
        }
        return body;
    }

    private void tooLarge(HttpServletResponse resp, long size) throws IOException {
        // The rest of the body stays unread: ask the client to open a new connection.
        resp.setHeader("Connection", "close");
        HttpReplies.error(resp, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "request body "
                + (size >= 0 ? "is " + size + " bytes, " : "is ") + "larger than the push body limit of "
                + push.bodyLimit() + " bytes; send smaller batches (Telegraf: metric_batch_size) or raise"
                + " PushSettings.bodyLimit");
    }
}
