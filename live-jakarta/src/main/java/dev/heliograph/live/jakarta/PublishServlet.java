package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.InvalidChannelException;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.handler.PublishReply;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/live/publish}: publishes {@code data} to {@code channel} in the caller's org
 * through the channel's handler. 200 {@code {}}; 400 for a bad body or an invalid channel (the
 * message says what is wrong); 404 or 403 when the handler says so; 413 over
 * {@code message_size_limit}; 408 when the body does not arrive within
 * {@link LiveSettings#bodyTimeout()}; 503 when the engine cannot reach its backend.
 *
 * <p>Asynchronous ({@link AsyncPost}): no thread waits for the body's bytes or for the engine;
 * {@code doPost} runs on a request thread, the rest on the container's and the engine's threads.
 */
final class PublishServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(PublishServlet.class.getName());

    private final transient LiveNode node;
    private final transient Authenticator authenticator;
    private final transient BodyRules bodyRules;

    PublishServlet(LiveNode node, Authenticator authenticator, LiveSettings settings) {
        this.node = node;
        this.authenticator = authenticator;
        this.bodyRules = new BodyRules(settings.messageSizeLimit(), "[live] message_size_limit = "
                + settings.messageSizeLimit() + " bytes", settings.bodyTimeout(), "[live] body_timeout");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<LiveUser> maybeUser = authenticator.authenticate(req);
        if (maybeUser.isEmpty()) {
            HttpReplies.unauthorized(resp);
            return;
        }
        LiveUser user = maybeUser.get();
        AsyncPost.start(req, resp, bodyRules, (body, post) -> publish(user, body, post));
    }

    /** The body arrived: parse it and publish; on a container thread. */
    private void publish(LiveUser user, byte[] body, AsyncPost post) {
        PublishBody cmd;
        OrgChannel channel;
        try {
            cmd = PublishBody.parse(body);
            channel = OrgChannel.of(user.orgId(), cmd.channel());
        } catch (IllegalArgumentException | InvalidChannelException e) {
            post.answer(r -> HttpReplies.error(r, HttpServletResponse.SC_BAD_REQUEST, e.getMessage()));
            return;
        }
        CompletionStage<PublishReply> stage;
        try {
            stage = node.publish(user, channel, cmd.data(), null);
        } catch (RuntimeException e) {
            post.answer(r -> HttpReplies.failure(r, e, "publish to " + channel));
            return;
        }
        stage.whenComplete((reply, failure) -> {
            boolean written = post.answer(r -> {
                if (failure != null) {
                    HttpReplies.failure(r, failure, "publish to " + channel);
                } else {
                    answer(r, reply);
                }
            });
            if (!written) {
                LOG.log(System.Logger.Level.DEBUG, () -> "the engine answered the publish to " + channel
                        + " after the request's deadline");
            }
        });
    }

    private static void answer(HttpServletResponse resp, PublishReply reply) throws IOException {
        switch (reply.status()) {
            case OK -> HttpReplies.json(resp, HttpServletResponse.SC_OK, "{}");
            case NOT_FOUND -> HttpReplies.error(resp, HttpServletResponse.SC_NOT_FOUND, "not found");
            case PERMISSION_DENIED -> HttpReplies.error(resp, HttpServletResponse.SC_FORBIDDEN, "forbidden");
        }
    }
}
