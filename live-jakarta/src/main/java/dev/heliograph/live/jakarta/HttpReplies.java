package dev.heliograph.live.jakarta;

import dev.heliograph.live.json.JsonStrings;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the adapter's HTTP answers: JSON bodies, and errors as {@code {"message":"..."}} the
 * way Grafana's API answers them. Stateless; any request thread.
 */
final class HttpReplies {
    private HttpReplies() {}

    static void json(HttpServletResponse resp, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    static void error(HttpServletResponse resp, int status, String message) throws IOException {
        StringBuilder sb = new StringBuilder(message.length() + 16).append("{\"message\":\"");
        JsonStrings.appendEscaped(sb, message);
        json(resp, status, sb.append("\"}").toString());
    }

    /** 401 with the message a client needs to sign in. */
    static void unauthorized(HttpServletResponse resp) throws IOException {
        error(resp, HttpServletResponse.SC_UNAUTHORIZED,
                "Unauthorized: sign in first (the request carried no valid credentials)");
    }
}
