package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.hub.HubUnavailableException;
import dev.heliograph.live.hub.ManagedChannel;
import dev.heliograph.live.internal.json.JsonStrings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/live/list}: the caller's org's active managed streams,
 * {@code {"channels":[{"channel":..,"minute_rate":..,"data":<schema-only frame>}]}}, sorted by
 * channel. In HA the engine's frame cache covers every node. Any request thread.
 */
final class ListServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient LiveNode node;
    private final transient Authenticator authenticator;

    ListServlet(LiveNode node, Authenticator authenticator) {
        this.node = node;
        this.authenticator = authenticator;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<LiveUser> user = authenticator.authenticate(req);
        if (user.isEmpty()) {
            HttpReplies.unauthorized(resp);
            return;
        }
        List<ManagedChannel> channels;
        try {
            channels = new ArrayList<>(node.listManagedStreams(user.get().orgId()));
        } catch (HubUnavailableException e) {
            HttpReplies.error(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "the live engine is unavailable, try again shortly: " + e.getMessage());
            return;
        }
        channels.sort(Comparator.comparing(c -> c.channel().toString()));
        StringBuilder sb = new StringBuilder(64 + channels.size() * 256).append("{\"channels\":[");
        for (int i = 0; i < channels.size(); i++) {
            ManagedChannel c = channels.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"channel\":\"");
            JsonStrings.appendEscaped(sb, c.channel().toString());
            sb.append("\",\"minute_rate\":").append(c.minuteRate()).append(",\"data\":")
                    .append(new String(c.schema().unsafeBytes(), StandardCharsets.UTF_8)).append('}');
        }
        HttpReplies.json(resp, HttpServletResponse.SC_OK, sb.append("]}").toString());
    }
}
