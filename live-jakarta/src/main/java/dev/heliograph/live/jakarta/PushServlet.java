package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveException;
import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.InvalidChannelException;
import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.influx.FrameFormat;
import dev.heliograph.live.influx.FrameLimitException;
import dev.heliograph.live.influx.LineProtocolException;
import dev.heliograph.live.internal.json.JsonStrings;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * {@code <prefix>/push/<streamId>}: Influx line protocol into the managed streams
 * {@code stream/<streamId>/<measurement>} of the caller's org.
 *
 * <p><b>{@code POST}</b>: the body is one line-protocol batch, converted all or nothing. In
 * order: no user → 401; role below {@link LiveSettings#pushHttpMinimumRole()} → 403; a missing or
 * invalid stream id → 400 stating the channel rule; {@code gf_live_frame_format} other than
 * {@code labels_column} (default) or {@code wide} → 400 naming both; a body over
 * {@link LiveSettings#pushBodyLimit()} → 413 (by its {@code Content-Length} before reading anything,
 * else as soon as the limit is crossed while reading); a body still incomplete after
 * {@link LiveSettings#pushBodyTimeout()} → 408; a bad line → 400
 * {@code {"message":"... line L, column C: ...","line":L,"column":C}} and <b>nothing of the body
 * is pushed</b>; a body whose frames would hold more cells than
 * {@link dev.heliograph.live.influx.LineProtocolConverter#cellLimit(int)} allows (lines that keep
 * naming new fields) → 400 {@code {"message":"... line L: ...","line":L}} naming the limit and what
 * to change, nothing pushed; a measurement that cannot be a channel path → 400, nothing pushed; the engine
 * unreachable → 503; else 200 with an empty body once every frame was accepted.
 *
 * <p><b>{@code GET} with a WebSocket upgrade</b> (org admins only; others get 403 before the
 * upgrade): see {@link PushEndpoint}.
 *
 * <p>{@code doPost} and {@code doGet} run on the container's request threads. A {@code POST}'s body
 * is read asynchronously ({@link AsyncPost}, no thread waits for its bytes) and converted on a
 * container thread; the answer is written when the engine accepted the frames, which may be on
 * the engine's thread (the Redis engine).
 */
final class PushServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(PushServlet.class.getName());

    private final transient Authenticator authenticator;
    private final transient LiveSettings settings;
    private final transient BodyRules bodyRules;
    private final transient OriginCheck originCheck;
    private final transient LineProtocolPusher pusher;
    private final String endpointPath;
    private final transient ScheduledExecutorService scheduler;

    PushServlet(LiveNode node, Authenticator authenticator, LiveSettings settings, String endpointPath) {
        this.authenticator = authenticator;
        this.settings = settings;
        this.bodyRules = new BodyRules(settings.pushBodyLimit(), "[live] push_body_limit = " + settings.pushBodyLimit()
                + " bytes; send smaller batches (Telegraf: metric_batch_size) or raise push_body_limit",
                settings.pushBodyTimeout(), "[live] push_body_timeout");
        this.scheduler = node.scheduler();
        this.originCheck = new OriginCheck(settings);
        this.pusher = new LineProtocolPusher(node, Clock.systemUTC());
        this.endpointPath = endpointPath;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<LiveUser> maybeUser = authenticator.authenticate(req);
        if (maybeUser.isEmpty()) {
            HttpReplies.unauthorized(resp);
            return;
        }
        LiveUser user = maybeUser.get();
        if (!user.role().atLeast(settings.pushHttpMinimumRole())) {
            HttpReplies.error(resp, HttpServletResponse.SC_FORBIDDEN, "pushing to " + endpointPath + " needs the "
                    + settings.pushHttpMinimumRole() + " role in the org; user '" + user.login() + "' is " + user.role());
            return;
        }
        Target target = target(req, resp);
        if (target == null) {
            return;
        }
        AsyncPost.start(req, resp, bodyRules, (body, post) -> push(user, target, body, post));
    }

    /** The body arrived: convert it all or nothing and push; on a container thread. */
    private void push(LiveUser user, Target target, byte[] body, AsyncPost post) {
        String streamId = target.streamId();
        List<DataFrame> frames;
        try {
            frames = pusher.convert(streamId, target.format(), body, 0, body.length);
        } catch (LineProtocolException e) {
            post.answer(r -> badLineProtocol(r, e));
            return;
        } catch (FrameLimitException e) {
            post.answer(r -> framesTooLarge(r, e));
            return;
        } catch (InvalidChannelException e) {
            post.answer(r -> HttpReplies.error(r, HttpServletResponse.SC_BAD_REQUEST,
                    e.getMessage() + "; nothing was pushed"));
            return;
        }
        CompletableFuture<Void> pushed = pusher.push(user.orgId(), streamId, frames);
        pushed.whenComplete((ok, failure) -> {
            if (!post.answer(r -> answer(r, pushed, streamId))) {
                LOG.log(System.Logger.Level.DEBUG, () -> "the engine answered the push to stream " + streamId
                        + " after the request's deadline");
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
        Target target = target(req, resp);
        if (target == null) {
            return;
        }
        if (WebSocketUpgrade.refuseIfNotUpgrade(req, resp, "; to push over HTTP, POST the line protocol")) {
            return;
        }
        if (WebSocketUpgrade.refuseIfForeignOrigin(originCheck, req, resp, "Live push WebSocket")) {
            return;
        }
        PushEndpoint endpoint = new PushEndpoint(user, target.streamId(), target.format(), pusher, settings, scheduler,
                settings.idleTimeout());
        WebSocketUpgrade.upgrade(getServletContext(), req, resp, endpoint, endpointPath, "Live push WebSocket");
    }

    /** Where a request pushes: its stream id and frame format, or null after answering 400. */
    private @Nullable Target target(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            return new Target(LineProtocolPusher.streamId(req.getPathInfo(), endpointPath),
                    FrameFormat.fromQueryValue(QueryStrings.first(req.getQueryString(), FrameFormat.QUERY_PARAMETER)));
        } catch (LiveException e) {
            HttpReplies.error(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return null;
        }
    }

    /** The stream id of {@code <prefix>/push/<streamId>} and the {@code gf_live_frame_format} of one request. */
    private record Target(String streamId, FrameFormat format) {}

    private static void answer(HttpServletResponse resp, CompletableFuture<Void> pushed, String streamId) throws IOException {
        Throwable failure = pushed.handle((ok, t) -> t).join();
        if (failure == null) {
            resp.setStatus(HttpServletResponse.SC_OK);
            resp.setContentLength(0);
            return;
        }
        HttpReplies.failure(resp, failure, "push to stream " + streamId);
    }

    private static void badLineProtocol(HttpServletResponse resp, LineProtocolException e) throws IOException {
        StringBuilder sb = new StringBuilder(128).append("{\"message\":\"");
        JsonStrings.appendEscaped(sb, "invalid line protocol, nothing was pushed: " + e.getMessage());
        sb.append("\",\"line\":").append(e.line()).append(",\"column\":").append(e.column()).append('}');
        HttpReplies.json(resp, HttpServletResponse.SC_BAD_REQUEST, sb.toString());
    }

    private static void framesTooLarge(HttpServletResponse resp, FrameLimitException e) throws IOException {
        StringBuilder sb = new StringBuilder(512).append("{\"message\":\"");
        JsonStrings.appendEscaped(sb, "frames too large for the body, nothing was pushed: " + e.getMessage());
        sb.append("\",\"line\":").append(e.line()).append('}');
        HttpReplies.json(resp, HttpServletResponse.SC_BAD_REQUEST, sb.toString());
    }
}
