package dev.heliograph.live.jakarta;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an HTTP API request's body under a size limit, for {@link PublishServlet} and
 * {@link PushServlet}. Stateless; any request thread.
 */
final class RequestBodies {
    private RequestBodies() {}

    /**
     * The body, or null after answering 413 ({@link HttpReplies#tooLarge}) when it is over
     * {@code limit} bytes ({@link LiveSettings#UNLIMITED}: no limit): refused by its
     * {@code Content-Length} before reading anything, else as soon as the limit is crossed
     * while reading. The rest of a refused body stays unread, so the answer asks the client to
     * close the connection.
     */
    static byte[] readUpTo(HttpServletRequest req, HttpServletResponse resp, int limit, String limitAdvice)
            throws IOException {
        long declared = req.getContentLengthLong();
        if (limit != LiveSettings.UNLIMITED && declared > limit) {
            refuse(resp, declared, limitAdvice);
            return null;
        }
        InputStream in = req.getInputStream();
        if (limit == LiveSettings.UNLIMITED) {
            return in.readAllBytes();
        }
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            refuse(resp, -1, limitAdvice);
            return null;
        }
        return body;
    }

    private static void refuse(HttpServletResponse resp, long size, String limitAdvice) throws IOException {
        resp.setHeader("Connection", "close");
        HttpReplies.tooLarge(resp, size, limitAdvice);
    }
}
