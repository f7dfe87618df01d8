package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveException;
import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.InvalidChannelException;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.hub.HubUnavailableException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/live/publish}: publishes {@code data} to {@code channel} in the caller's org
 * through the channel's handler. 200 {@code {}}; 400 for a bad body or an invalid channel (the
 * message says what is wrong); 404 or 403 when the handler says so; 413 over
 * {@code message_size_limit}; 503 when the engine cannot reach its backend.
 *
 * <p>Asynchronous: the request thread is released while the engine accepts the publication.
 */
final class PublishServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(PublishServlet.class.getName());

    private final transient LiveNode node;
    private final transient Authenticator authenticator;
    private final int bodyLimit;

    PublishServlet(LiveNode node, Authenticator authenticator, LiveSettings settings) {
        this.node = node;
        this.authenticator = authenticator;
        this.bodyLimit = settings.messageSizeLimit();
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<LiveUser> maybeUser = authenticator.authenticate(req);
        if (maybeUser.isEmpty()) {
            HttpReplies.unauthorized(resp);
            return;
        }
        LiveUser user = maybeUser.get();
        byte[] body = readBody(req, resp);
        if (body == null) {
            return;
        }
        PublishBody cmd;
        OrgChannel channel;
        try {
            cmd = PublishBody.parse(body);
            channel = OrgChannel.of(user.orgId(), cmd.channel());
        } catch (IllegalArgumentException | InvalidChannelException e) {
            HttpReplies.error(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        CompletionStage<PublishReply> stage;
        try {
            stage = node.publish(user, channel, cmd.data(), null);
        } catch (RuntimeException e) {
            answerFailure(resp, channel, e);
            return;
        }
        AsyncContext async = req.startAsync();
        stage.whenComplete((reply, failure) -> {
            HttpServletResponse r = (HttpServletResponse) async.getResponse();
            try {
                if (failure != null) {
                    answerFailure(r, channel, failure);
                } else {
                    answer(r, reply);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "writing the publish answer for " + channel + " failed", e);
            } finally {
                async.complete();
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

    private static void answerFailure(HttpServletResponse resp, OrgChannel channel, Throwable failure) throws IOException {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof HubUnavailableException) {
            HttpReplies.error(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "the live engine is unavailable, try again shortly: " + t.getMessage());
        } else if (t instanceof InvalidChannelException) {
            HttpReplies.error(resp, HttpServletResponse.SC_BAD_REQUEST, t.getMessage());
        } else {
            LOG.log(System.Logger.Level.ERROR, "publish to " + channel + " failed", t);
            HttpReplies.error(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal error"
                    + (t instanceof LiveException ? ": " + t.getMessage() : ""));
        }
    }

    /** The body, or null after answering 413 when it exceeds the limit. */
    private byte[] readBody(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long declared = req.getContentLengthLong();
        if (bodyLimit != LiveSettings.UNLIMITED && declared > bodyLimit) {
            tooLarge(resp, declared);
            return null;
        }
        try (InputStream in = req.getInputStream()) {
            if (bodyLimit == LiveSettings.UNLIMITED) {
                return in.readAllBytes();
            }
            byte[] body = in.readNBytes(bodyLimit + 1);
            if (body.length > bodyLimit) {
                tooLarge(resp, -1);
                return null;
            }
            return body;
        }
    }

    private void tooLarge(HttpServletResponse resp, long size) throws IOException {
        HttpReplies.error(resp, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "request body "
                + (size >= 0 ? "is " + size + " bytes, " : "is ") + "larger than [live] message_size_limit = "
                + bodyLimit + " bytes");
    }
}
