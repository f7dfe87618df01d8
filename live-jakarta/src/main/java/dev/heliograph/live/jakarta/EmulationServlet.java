package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.control.ServerControl;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code POST /api/live/emulation}: the commands of an emulated connection
 * ({@link StreamServlet}), posted to any node: no sticky sessions. The node holding the
 * connection gets them directly, another node through the engine's control path
 * ({@link ServerControl#emulate}). 204 once handed over; 400 for a bad body; 401 without a user
 * (unless a token verifier names users); 403 for a refused Origin; 404 when the named node is
 * this one and the connection is gone; 503 when the engine cannot reach its backend.
 *
 * <p>A post with credentials reaches the connection only when it is the same user's; the session
 * id, shown to that client alone, is the capability otherwise. Bodies are read asynchronously
 * ({@link AsyncPost}); the commands run on the container thread that read the body, or on the
 * node's control thread of the owning node.
 */
final class EmulationServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient LiveNode node;
    private final transient Authenticator authenticator;
    private final transient OriginCheck originCheck;
    private final transient BodyRules bodyRules;

    EmulationServlet(LiveNode node, Authenticator authenticator) {
        this.node = node;
        this.authenticator = authenticator;
        LiveSettings settings = node.settings();
        this.originCheck = new OriginCheck(settings);
        this.bodyRules = new BodyRules(settings.messageSizeLimit(), "[live] message_size_limit = "
                + settings.messageSizeLimit() + " bytes", settings.bodyTimeout(), "[live] body_timeout");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<LiveUser> user = authenticator.authenticate(req);
        if (user.isEmpty() && node.tokenVerifier() == null) {
            HttpReplies.unauthorized(resp);
            return;
        }
        if (WebSocketUpgrade.refuseIfForeignOrigin(originCheck, req, resp, "Live emulation")) {
            return;
        }
        String userId = user.map(LiveUser::id).orElse("");
        AsyncPost.start(req, resp, bodyRules, (body, post) -> forward(userId, body, post));
    }

    private void forward(String userId, byte[] body, AsyncPost post) {
        EmulationRequest request;
        try {
            request = EmulationRequest.parse(body);
        } catch (IllegalArgumentException e) {
            post.answer(r -> HttpReplies.error(r, HttpServletResponse.SC_BAD_REQUEST, e.getMessage()));
            return;
        }
        try {
            node.control().emulate(request.node(), request.session(), userId, request.data())
                    .whenComplete((ok, failure) -> post.answer(r -> {
                        if (failure == null) {
                            r.setStatus(HttpServletResponse.SC_NO_CONTENT);
                        } else {
                            HttpReplies.failure(r, failure, "forwarding emulated commands");
                        }
                    }));
        } catch (ServerControl.UnknownSessionException e) {
            post.answer(r -> HttpReplies.error(r, HttpServletResponse.SC_NOT_FOUND, e.getMessage()));
        }
    }
}
