package dev.heliograph.live.jakarta;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads a parameter from the raw query string only. The push endpoints cannot use
 * {@code getParameter}: for a {@code POST} with a form content type (what {@code curl -d} sends)
 * the container would read the body as a form and the line protocol would be gone.
 * Stateless; any thread.
 */
final class QueryStrings {
    private QueryStrings() {}

    /** The first value of {@code name} in {@code query} (URL-decoded), or null when absent. */
    static @Nullable String first(@Nullable String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int eq = query.indexOf('=', start);
            boolean hasValue = eq >= 0 && eq < end;
            String key = decode(query.substring(start, hasValue ? eq : end));
            if (key.equals(name)) {
                return hasValue ? decode(query.substring(eq + 1, end)) : "";
            }
            start = end + 1;
        }
        return null;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a malformed %-escape: keep the text as sent, the caller reports it
        }
    }
}
