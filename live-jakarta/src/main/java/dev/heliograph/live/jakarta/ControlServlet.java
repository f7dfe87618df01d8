package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.InvalidChannelException;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.HubUnavailableException;
import dev.heliograph.live.internal.json.JsonStrings;
import dev.heliograph.live.protocol.Disconnect;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The server control API, for org admins, acting in the caller's org on every node
 * ({@link dev.heliograph.live.control.ServerControl}):
 * <ul>
 *   <li>{@code POST <prefix>/control/disconnect} {@code {"user":"<id>","code":3000,"reason":"..."}}:
 *       closes the user's connections; code defaults to 3503 "disconnected by the server" (the
 *       client does not reconnect); 3000-3499 make it reconnect;</li>
 *   <li>{@code POST <prefix>/control/unsubscribe} {@code {"user":"<id>","channel":"scope/ns/path"}}:
 *       ends the user's subscriptions to the channel (unsubscribe push, code 2000);</li>
 *   <li>{@code GET <prefix>/control/presence?channel=scope/ns/path}: {@code {"presence":{"<client>":{"user":..,"client":..}}}};</li>
 *   <li>{@code POST <prefix>/control/publish} {@code {"channels":["scope/ns/a",...],"data":{...}}}:
 *       publishes from the server (no handler asked) to each channel.</li>
 * </ul>
 * 200 {@code {}} once the engine accepted the message (the nodes act shortly after); 400 for a
 * bad body; 401 without a user; 403 below org admin; 404 for another action; 503 when the
 * engine cannot reach its backend. Bodies are read asynchronously ({@link AsyncPost}).
 */
final class ControlServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Default disconnect: terminal, so a logged-out client does not come straight back. */
    static final Disconnect DEFAULT_DISCONNECT = new Disconnect(3503, "disconnected by the server");

    private final transient LiveNode node;
    private final transient Authenticator authenticator;
    private final transient BodyRules bodyRules;

    ControlServlet(LiveNode node, Authenticator authenticator, LiveSettings settings) {
        this.node = node;
        this.authenticator = authenticator;
        this.bodyRules = new BodyRules(settings.messageSizeLimit(), "[live] message_size_limit = "
                + settings.messageSizeLimit() + " bytes", settings.bodyTimeout(), "[live] body_timeout");
    }

    /** The admin, or null after answering 401/403. */
    private @Nullable LiveUser admin(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<LiveUser> user = authenticator.authenticate(req);
        if (user.isEmpty()) {
            HttpReplies.unauthorized(resp);
            return null;
        }
        if (!user.get().role().atLeast(LiveUser.Role.ADMIN)) {
            HttpReplies.error(resp, HttpServletResponse.SC_FORBIDDEN, "the live control API is for org admins");
            return null;
        }
        return user.get();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LiveUser admin = admin(req, resp);
        if (admin == null) {
            return;
        }
        if (!"/presence".equals(req.getPathInfo())) {
            HttpReplies.error(resp, HttpServletResponse.SC_NOT_FOUND, "GET serves only control/presence?channel=...");
            return;
        }
        Map<String, ClientInfo> presence;
        try {
            String channel = req.getParameter("channel");
            if (channel == null) {
                throw new IllegalArgumentException("the query parameter channel is missing");
            }
            presence = node.control().presence(OrgChannel.of(admin.orgId(), channel));
        } catch (IllegalArgumentException | InvalidChannelException e) {
            HttpReplies.error(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        } catch (HubUnavailableException e) {
            HttpReplies.failure(resp, e, "reading presence");
            return;
        }
        StringBuilder sb = new StringBuilder(32 + presence.size() * 96).append("{\"presence\":{");
        boolean first = true;
        for (Map.Entry<String, ClientInfo> e : presence.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"');
            JsonStrings.appendEscaped(sb, e.getKey());
            sb.append("\":{\"user\":\"");
            JsonStrings.appendEscaped(sb, e.getValue().user());
            sb.append("\",\"client\":\"");
            JsonStrings.appendEscaped(sb, e.getValue().client());
            sb.append("\"}");
        }
        HttpReplies.json(resp, HttpServletResponse.SC_OK, sb.append("}}").toString());
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LiveUser admin = admin(req, resp);
        if (admin == null) {
            return;
        }
        String action = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (!List.of("/disconnect", "/unsubscribe", "/publish").contains(action)) {
            HttpReplies.error(resp, HttpServletResponse.SC_NOT_FOUND,
                    "unknown control action; POST control/disconnect, control/unsubscribe or control/publish");
            return;
        }
        AsyncPost.start(req, resp, bodyRules, (body, post) -> act(admin, action, body, post));
    }

    private void act(LiveUser admin, String action, byte[] body, AsyncPost post) {
        CompletionStage<Void> done;
        try {
            ControlBody b = ControlBody.parse(body);
            done = switch (action) {
                case "/disconnect" -> node.control().disconnectUser(admin.orgId(), b.text("user"),
                        new Disconnect((int) b.number("code", DEFAULT_DISCONNECT.code()),
                                b.text("reason", DEFAULT_DISCONNECT.reason())));
                case "/unsubscribe" -> node.control().unsubscribeUser(b.text("user"),
                        OrgChannel.of(admin.orgId(), b.text("channel")));
                default -> {
                    List<OrgChannel> channels = new ArrayList<>();
                    for (String c : b.texts("channels")) {
                        channels.add(OrgChannel.of(admin.orgId(), c));
                    }
                    yield node.control().publish(channels, b.json("data"));
                }
            };
        } catch (IllegalArgumentException | InvalidChannelException e) {
            post.answer(r -> HttpReplies.error(r, HttpServletResponse.SC_BAD_REQUEST, e.getMessage()));
            return;
        }
        done.whenComplete((ok, failure) -> post.answer(r -> {
            if (failure == null) {
                HttpReplies.json(r, HttpServletResponse.SC_OK, "{}");
            } else {
                HttpReplies.failure(r, failure, "control " + action);
            }
        }));
    }
}
