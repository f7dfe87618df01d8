package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.protocol.ClientSession;
import dev.heliograph.live.protocol.Disconnect;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/live/http_stream} and {@code GET /api/live/sse}: an emulated connection for
 * clients whose WebSocket cannot get through (a proxy that strips {@code Upgrade}). The request
 * carries the connect command (http_stream: the POST body; sse: the {@code cf_connect} query
 * parameter, as the centrifuge client sends them); the response stays open and carries the
 * server's messages ({@link StreamingTransport}). The client posts its later commands to
 * {@link EmulationServlet}, on any node.
 *
 * <p>Same refusals and limits as the WebSocket, in the same order ({@link LiveWebSocketServlet}):
 * Live disabled → 503, no user from the {@link Authenticator} (and no token verifier) → 401,
 * Origin refused → 403, then {@code max_connections} (shared with the WebSocket) → a 3504
 * disconnect push. A missing or over-long connect command → 400 / 413. Served on a request
 * thread up to the start of the response, then asynchronously.
 */
final class StreamServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(StreamServlet.class.getName());
    /** The query parameter in which an EventSource client sends its connect command. */
    static final String CONNECT_PARAMETER = "cf_connect";

    private final transient LiveNode node;
    private final transient Authenticator authenticator;
    private final transient LiveSettings settings;
    private final transient OriginCheck originCheck;
    private final transient LiveWebSocketServlet webSocket;
    private final transient StreamFraming framing;

    StreamServlet(LiveNode node, Authenticator authenticator, LiveWebSocketServlet webSocket, StreamFraming framing) {
        this.node = node;
        this.authenticator = authenticator;
        this.settings = node.settings();
        this.originCheck = new OriginCheck(settings);
        this.webSocket = webSocket;
        this.framing = framing;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (framing != StreamFraming.HTTP_STREAM) {
            resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        serve(req, resp);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (framing != StreamFraming.SSE) {
            resp.setHeader("Allow", "POST");
            HttpReplies.error(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "http_stream takes the connect command as a POST body");
            return;
        }
        serve(req, resp);
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (settings.liveDisabled()) {
            HttpReplies.error(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "Live is disabled on this server ([live] max_connections = 0)");
            return;
        }
        Optional<LiveUser> user = authenticator.authenticate(req);
        if (user.isEmpty() && node.tokenVerifier() == null) {
            HttpReplies.unauthorized(resp);
            return;
        }
        if (WebSocketUpgrade.refuseIfForeignOrigin(originCheck, req, resp, "Live " + framing.name().toLowerCase())) {
            return;
        }
        String connect = connectCommand(req, resp);
        if (connect == null) {
            return;
        }
        if (!req.isAsyncSupported()) {
            HttpReplies.error(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "the live " + req.getRequestURI()
                    + " endpoint needs asynchronous processing: mark every filter mapped to it asyncSupported=true");
            return;
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(framing.contentType());
        resp.setHeader("Cache-Control", "private, no-cache, no-store, must-revalidate, max-age=0");
        resp.setHeader("X-Accel-Buffering", "no"); // nginx: pass each write on at once
        AsyncContext async = req.startAsync(req, resp);
        async.setTimeout(0); // open until either side ends it
        StreamingTransport transport = new StreamingTransport(async, resp.getOutputStream(), framing,
                node.scheduler());
        async.addListener(transport);
        resp.getOutputStream().setWriteListener(transport);
        ConnectionLimiter limiter = webSocket.limiter();
        if (!limiter.tryAcquire()) {
            node.metrics().recordConnectionRefused();
            LOG.log(System.Logger.Level.WARNING, () -> "Live " + framing.name().toLowerCase() + " connection refused with 3504:"
                    + " " + limiter.max() + " connections are open; raise [live] max_connections to allow more");
            transport.close(Disconnect.CONNECTION_LIMIT.code(), Disconnect.CONNECTION_LIMIT.reason());
            return;
        }
        ClientSession session;
        try {
            session = new ClientSession(node, user.orElse(null), transport);
        } catch (RuntimeException e) {
            limiter.release();
            transport.close(Disconnect.INTERNAL.code(), Disconnect.INTERNAL.reason());
            throw e;
        }
        transport.attach(session);
        async.addListener(new ReleaseOnComplete(() -> {
            webSocket.sessions().untrack(session);
            limiter.release();
        }));
        if (!webSocket.sessions().track(session)) {
            session.shutdown(Disconnect.SHUTDOWN);
            return;
        }
        session.onText(connect);
    }

    /** The connect command, or null after answering 400/413. */
    private @Nullable String connectCommand(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int limit = settings.messageSizeLimit() == LiveSettings.UNLIMITED ? Integer.MAX_VALUE - 8 : settings.messageSizeLimit();
        String command;
        if (framing == StreamFraming.SSE) {
            command = req.getParameter(CONNECT_PARAMETER);
            if (command == null || command.isEmpty()) {
                HttpReplies.error(resp, HttpServletResponse.SC_BAD_REQUEST, "no connect command: expected the query"
                        + " parameter " + CONNECT_PARAMETER + " (the centrifuge client's sse transport sends it)");
                return null;
            }
        } else {
            // The connect command is small: read on this request thread, bounded by the size limit.
            byte[] body;
            try (InputStream in = req.getInputStream()) {
                body = in.readNBytes(limit + 1);
            }
            if (body.length == 0) {
                HttpReplies.error(resp, HttpServletResponse.SC_BAD_REQUEST,
                        "no connect command: expected it as the POST body (the centrifuge client's http_stream transport)");
                return null;
            }
            command = new String(body, StandardCharsets.UTF_8);
        }
        if (command.getBytes(StandardCharsets.UTF_8).length > limit) {
            HttpReplies.tooLarge(resp, command.length(), "[live] message_size_limit = " + limit + " bytes");
            return null;
        }
        return command;
    }

    /** Gives the connection's place back once its response ended, whoever ended it. */
    private static final class ReleaseOnComplete implements jakarta.servlet.AsyncListener {
        private final Runnable release;
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();

        ReleaseOnComplete(Runnable release) {
            this.release = release;
        }

        private void release() {
            if (done.compareAndSet(false, true)) {
                release.run();
            }
        }

        @Override
        public void onComplete(jakarta.servlet.AsyncEvent event) {
            release();
        }

        @Override
        public void onTimeout(jakarta.servlet.AsyncEvent event) {}

        @Override
        public void onError(jakarta.servlet.AsyncEvent event) {
            release();
        }

        @Override
        public void onStartAsync(jakarta.servlet.AsyncEvent event) {}
    }
}
