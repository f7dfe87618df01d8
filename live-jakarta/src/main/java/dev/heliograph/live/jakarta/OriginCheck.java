package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveSettings;
import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The WebSocket upgrade's Origin check, in Grafana's order: no {@code Origin} header allows; an
 * {@code allowed_origins} of exactly {@code *} allows; an unparsable Origin is refused; an
 * Origin whose host equals the request's {@code Host} allows; an Origin equal to the root URL's
 * scheme and host allows; an Origin matching an {@code allowed_origins} glob allows; anything
 * else is refused with a message naming the origin and the setting that would allow it.
 *
 * <p>Immutable and thread-safe; one per registration, called on request threads.
 */
final class OriginCheck {

    private final List<String> globs;
    private final @Nullable URI rootUrl;
    private final boolean allowAll;

    OriginCheck(LiveSettings settings) {
        requireNonNull(settings, "settings");
        this.globs = settings.allowedOrigins();
        this.rootUrl = settings.rootUrl().orElse(null);
        this.allowAll = globs.size() == 1 && globs.get(0).equals("*");
    }

    /**
     * Checks one upgrade request.
     *
     * @param origin the {@code Origin} header, null when absent
     * @param host   the request's {@code Host} header (host[:port]), null when absent
     * @return null when allowed, else the reason for the refusal, fit for a log line and the 403 body
     */
    @Nullable String refusal(@Nullable String origin, @Nullable String host) {
        if (origin == null || allowAll) {
            return null;
        }
        URI uri = parse(origin);
        String originHost = uri == null ? null : hostAndPort(uri);
        if (uri == null || originHost == null) {
            return "Origin '" + origin + "' is not a valid origin (expected scheme://host[:port]); "
                    + "the WebSocket upgrade is refused";
        }
        if (host != null && originHost.equalsIgnoreCase(host.trim())) {
            return null;
        }
        if (rootUrl != null
                && uri.getScheme().equalsIgnoreCase(rootUrl.getScheme())
                && originHost.equalsIgnoreCase(hostAndPort(rootUrl))) {
            return null;
        }
        String lower = origin.trim().toLowerCase(Locale.ROOT);
        for (String glob : globs) {
            if (globMatches(glob, lower)) {
                return null;
            }
        }
        String canonical = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + originHost.toLowerCase(Locale.ROOT);
        return "Origin '" + origin + "' is not allowed: it differs from the request Host '" + host + "'"
                + (rootUrl == null ? " and no root_url is set" : " and from root_url '" + rootUrl + "'")
                + (globs.isEmpty() ? " and [live] allowed_origins is empty" : " and matches none of [live] allowed_origins "
                        + globs)
                + ". To allow it, add it to [live] allowed_origins (e.g. allowed_origins = " + canonical
                + ") or, if it is this server's public address behind a proxy, set root_url to " + canonical + "/";
    }

    private static @Nullable URI parse(String origin) {
        try {
            URI uri = new URI(origin.trim());
            if (uri.getScheme() == null || (uri.getHost() == null && registryAuthority(uri) == null)) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * The authority of an origin whose host {@link URI} does not take as a server name (an
     * underscore, as in Docker service names: {@code http://grafana_app:3000}), or null. Browsers
     * send such origins and Grafana accepts them; userinfo never belongs in an origin.
     */
    private static @Nullable String registryAuthority(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty() || authority.indexOf('@') >= 0 || authority.indexOf('%') >= 0) {
            return null;
        }
        return authority;
    }

    private static @Nullable String hostAndPort(URI uri) {
        if (uri.getHost() == null) {
            return registryAuthority(uri);
        }
        String host = uri.getHost();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]"; // IPv6 literal
        }
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    /** Whether {@code text} matches {@code glob}, where {@code *} matches any run of characters. */
    static boolean globMatches(String glob, String text) {
        int g = 0;
        int t = 0;
        int starG = -1;
        int starT = 0;
        while (t < text.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                starG = g++;
                starT = t;
            } else if (g < glob.length() && glob.charAt(g) == text.charAt(t)) {
                g++;
                t++;
            } else if (starG >= 0) {
                g = starG + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
