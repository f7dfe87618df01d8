package dev.heliograph.live.example;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the demo page's files from the class path ({@code static/} in the jar), so the demo
 * needs no web root on disk and no build step: {@code /} is {@code index.html}. Only files
 * with a known type are served; paths with {@code ..}, backslashes or hidden segments get 404.
 * Mapped as the default servlet ({@code /}); runs on the container's request threads.
 */
final class StaticFilesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String ROOT = "static";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html",
            "js", "text/javascript",
            "css", "text/css",
            "png", "image/png",
            "svg", "image/svg+xml",
            "ico", "image/x-icon");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (path.isEmpty() || path.endsWith("/")) {
            path += "index.html";
        }
        String type = typeOf(path);
        if (type == null || path.contains("..") || path.contains("\\") || path.contains("/.")) {
            notFound(resp, path);
            return;
        }
        try (InputStream in = StaticFilesServlet.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            if (in == null) {
                notFound(resp, path);
                return;
            }
            byte[] body = in.readAllBytes();
            resp.setStatus(HttpServletResponse.SC_OK);
            resp.setContentType(type.startsWith("text/") ? type + ";charset=utf-8" : type);
            resp.setHeader("Cache-Control", "no-cache");
            resp.setHeader("X-Content-Type-Options", "nosniff");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    private static String typeOf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(path.substring(dot + 1));
    }

    private static void notFound(HttpServletResponse resp, String path) throws IOException {
        resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
        resp.setContentType("text/plain;charset=utf-8");
        resp.getOutputStream().write(("no demo page file at " + path + "; the page is at /\n")
                .getBytes(StandardCharsets.UTF_8));
    }
}
