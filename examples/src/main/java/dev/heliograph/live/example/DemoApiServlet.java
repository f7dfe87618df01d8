package dev.heliograph.live.example;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.jakarta.Authenticator;
import dev.heliograph.live.internal.json.JsonStrings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo pages' own small API under {@code /api/demo}:
 * <ul>
 *   <li>{@code GET /api/demo/me}: the signed-in user, {@code {"id","login","orgId","role"}};</li>
 *   <li>{@code GET /api/demo/dashboards/<uid>}: a dashboard of the user's org;</li>
 *   <li>{@code POST /api/demo/dashboards/<uid>} with {@code {"title","description","message"?}}:
 *       saves a new version and tells live clients through
 *       {@link dev.heliograph.live.feature.Dashboards#saved}, the way a host application would
 *       after its own save.</li>
 * </ul>
 * Every request goes through the host's {@link Authenticator} (401 without a user). Runs on the
 * container's request threads.
 */
final class DemoApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();
    private static final String DASHBOARDS = "/dashboards/";
    private static final int MAX_BODY = 16 * 1024;
    private static final int MAX_TITLE = 200;
    private static final int MAX_TEXT = 4000;

    private final transient LiveNode node;
    private final transient DemoDashboards dashboards;
    private final transient Authenticator authenticator;

    DemoApiServlet(LiveNode node, DemoDashboards dashboards, Authenticator authenticator) {
        this.node = node;
        this.dashboards = dashboards;
        this.authenticator = authenticator;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<LiveUser> user = authenticator.authenticate(req);
        if (user.isEmpty()) {
            reply(resp, 401, message("Unauthorized: sign in as a demo user (admin/admin by default)"));
            return;
        }
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (path.equals("/me")) {
            LiveUser u = user.get();
            StringBuilder sb = new StringBuilder("{\"id\":\"");
            JsonStrings.appendEscaped(sb, u.id());
            sb.append("\",\"login\":\"");
            JsonStrings.appendEscaped(sb, u.login());
            sb.append("\",\"orgId\":").append(u.orgId()).append(",\"role\":\"").append(u.role().name()).append("\"}");
            reply(resp, 200, sb.toString());
        } else if (path.startsWith(DASHBOARDS)) {
            String uid = path.substring(DASHBOARDS.length());
            Optional<DemoDashboards.Dashboard> d = dashboards.get(user.get().orgId(), uid);
            if (d.isPresent()) {
                reply(resp, 200, toJson(d.get()));
            } else {
                reply(resp, 404, message("no dashboard with uid '" + uid + "' in org " + user.get().orgId()
                        + "; the demo has '" + DemoDashboards.SAMPLE_UID + "'"));
            }
        } else {
            reply(resp, 404, message("unknown demo API path '/api/demo" + path + "'; try /api/demo/me or /api/demo"
                    + DASHBOARDS + DemoDashboards.SAMPLE_UID));
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<LiveUser> user = authenticator.authenticate(req);
        if (user.isEmpty()) {
            reply(resp, 401, message("Unauthorized: sign in as a demo user (admin/admin by default)"));
            return;
        }
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (!path.startsWith(DASHBOARDS)) {
            reply(resp, 404, message("POST is only for /api/demo" + DASHBOARDS + "<uid>, got '/api/demo" + path + "'"));
            return;
        }
        String uid = path.substring(DASHBOARDS.length());
        LiveUser by = user.get();
        if (dashboards.get(by.orgId(), uid).isEmpty()) {
            reply(resp, 404, message("no dashboard with uid '" + uid + "' in org " + by.orgId()));
            return;
        }
        if (!dashboards.canEdit(by, uid)) {
            reply(resp, 403, message("user '" + by.login() + "' (" + by.role() + ") may not edit dashboards;"
                    + " an Editor or Admin may"));
            return;
        }
        Map<String, String> body;
        try {
            body = readStrings(req.getInputStream());
        } catch (BadBody e) {
            reply(resp, 400, message(e.getMessage()));
            return;
        }
        String title = body.get("title");
        String description = body.getOrDefault("description", "");
        String saveMessage = body.get("message");
        if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
            reply(resp, 400, message("\"title\" must be a non-blank string of at most " + MAX_TITLE
                    + " characters, got " + (title == null ? "none" : title.length() + " characters")));
            return;
        }
        if (description.length() > MAX_TEXT || (saveMessage != null && saveMessage.length() > MAX_TEXT)) {
            reply(resp, 400, message("\"description\" and \"message\" may have at most " + MAX_TEXT + " characters"));
            return;
        }
        Optional<DemoDashboards.Dashboard> saved = dashboards.save(by, uid, title.strip(), description);
        if (saved.isEmpty()) {
            reply(resp, 404, message("no dashboard with uid '" + uid + "' in org " + by.orgId()));
            return;
        }
        try {
            // as a host app would: the save is done, now tell the tabs that have it open
            node.dashboards().saved(by.orgId(), uid, by, saveMessage).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(resp, 503, message("saved version " + saved.get().version() + ", but the request was interrupted"
                    + " before live clients were told"));
            return;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            reply(resp, 503, message("saved version " + saved.get().version() + ", but live clients could not be told"
                    + " (the live engine did not accept the event: " + cause + "); they see it on their next load"));
            return;
        }
        reply(resp, 200, toJson(saved.get()));
    }

    /** Reads a JSON object of string (or null) members; anything else is a {@link BadBody}. */
    private static Map<String, String> readStrings(InputStream in) throws IOException, BadBody {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new BadBody("the body is over " + MAX_BODY + " bytes");
        }
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadBody("expected a JSON object like {\"title\":\"..\",\"description\":\"..\"}, got: "
                        + preview(bytes));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    out.put(name, p.getText());
                } else if (value != JsonToken.VALUE_NULL) {
                    throw new BadBody("\"" + name + "\" must be a string, got " + value);
                }
            }
        } catch (JsonProcessingException e) {
            throw new BadBody("the body is not valid JSON: " + e.getOriginalMessage() + " (body: " + preview(bytes) + ")");
        }
        return out;
    }

    private static String preview(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, 80), StandardCharsets.UTF_8);
        return bytes.length > 80 ? s + "…" : s;
    }

    private static String toJson(DemoDashboards.Dashboard d) {
        StringBuilder sb = new StringBuilder(256).append("{\"uid\":\"");
        JsonStrings.appendEscaped(sb, d.uid());
        sb.append("\",\"title\":\"");
        JsonStrings.appendEscaped(sb, d.title());
        sb.append("\",\"description\":\"");
        JsonStrings.appendEscaped(sb, d.description());
        sb.append("\",\"version\":").append(d.version());
        if (d.updatedBy() != null) {
            sb.append(",\"updatedBy\":\"");
            JsonStrings.appendEscaped(sb, d.updatedBy());
            sb.append('"');
        }
        return sb.append(",\"updated\":\"").append(d.updated()).append("\"}").toString();
    }

    private static String message(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16).append("{\"message\":\"");
        JsonStrings.appendEscaped(sb, text);
        return sb.append("\"}").toString();
    }

    private static void reply(HttpServletResponse resp, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** A request body the API cannot use; the message says what was wrong. */
    private static final class BadBody extends Exception {
        private static final long serialVersionUID = 1L;

        BadBody(String message) {
            super(message);
        }
    }
}
