package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveException;
import dev.heliograph.live.channel.InvalidChannelException;
import dev.heliograph.live.hub.HubUnavailableException;
import dev.heliograph.live.internal.json.JsonStrings;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Writes the adapter's HTTP answers: JSON bodies, and errors as {@code {"message":"..."}} the
 * way Grafana's API answers them. Stateless; any request thread.
 */
final class HttpReplies {
    private static final System.Logger LOG = System.getLogger(HttpReplies.class.getName());

    private HttpReplies() {}

    static void json(HttpServletResponse resp, int status, String json) throws IOException {
        resp.getOutputStream().write(head(resp, status, json));
    }

    static void error(HttpServletResponse resp, int status, @Nullable String message) throws IOException {
        json(resp, status, errorJson(message == null ? "" : message));
    }

    /** Sets the status and headers of a JSON answer and returns its body, for the caller to write. */
    private static byte[] head(HttpServletResponse resp, int status, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(body.length);
        return body;
    }

    private static String errorJson(String message) {
        StringBuilder sb = new StringBuilder(message.length() + 16).append("{\"message\":\"");
        JsonStrings.appendEscaped(sb, message);
        return sb.append("\"}").toString();
    }

    /** 401 with the message a client needs to sign in. */
    static void unauthorized(HttpServletResponse resp) throws IOException {
        error(resp, HttpServletResponse.SC_UNAUTHORIZED,
                "Unauthorized: sign in first (the request carried no valid credentials)");
    }

    /**
     * The answer to a request whose work failed (the {@link CompletionException} wrapper is
     * looked through): the engine unreachable → 503; an invalid channel → 400 with its message;
     * anything else → 500, logged as an error with {@code what} failed ("publish to ...").
     */
    static void failure(HttpServletResponse resp, Throwable failure, String what) throws IOException {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof HubUnavailableException) {
            error(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "the live engine is unavailable, try again shortly: " + t.getMessage());
        } else if (t instanceof InvalidChannelException) {
            error(resp, HttpServletResponse.SC_BAD_REQUEST, t.getMessage());
        } else {
            LOG.log(System.Logger.Level.ERROR, what + " failed", t);
            error(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal error"
                    + (t instanceof LiveException ? ": " + t.getMessage() : ""));
        }
    }

    /**
     * 413 for a request body over {@code limit}: {@code size} is its declared length, or -1
     * when it was found larger while reading; {@code limitAdvice} names the limit and what to do.
     */
    static void tooLarge(HttpServletResponse resp, long size, String limitAdvice) throws IOException {
        resp.getOutputStream().write(tooLargeHead(resp, size, limitAdvice));
    }

    /**
     * The status and headers of {@link #tooLarge}, with {@code Connection: close}, sent at once;
     * returns the body for the caller to write later. Tomcat stops reading a request once its
     * response is complete, so a caller that still reads the request body keeps the answer open
     * until it has.
     */
    static byte[] tooLargeHead(HttpServletResponse resp, long size, String limitAdvice) throws IOException {
        resp.setHeader("Connection", "close");
        byte[] body = head(resp, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, errorJson("request body "
                + (size >= 0 ? "is " + size + " bytes, " : "is ") + "larger than " + limitAdvice));
        resp.flushBuffer();
        return body;
    }

    /**
     * 408 for a body still incomplete at its deadline: says how much of it arrived ({@code declared}
     * is its {@code Content-Length}, -1 when chunked), the deadline, and the setting behind it.
     */
    static void bodyTimeout(HttpServletResponse resp, BodyRules rules, long received, long declared) throws IOException {
        error(resp, HttpServletResponse.SC_REQUEST_TIMEOUT, "request body did not arrive within "
                + rules.timeout().toMillis() + " ms (received " + received + (declared >= 0 ? " of " + declared : "")
                + " bytes); send the whole body without pausing, or raise " + rules.timeoutSetting());
    }

    /** 503 when the engine did not confirm a request's work before the request's deadline. */
    static void engineTimeout(HttpServletResponse resp, Duration timeout) throws IOException {
        error(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the live engine did not answer within "
                + timeout.toMillis() + " ms; the request may still take effect, try again shortly");
    }
}
