package dev.heliograph.live.bench.load;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The server under load: a {@code ws://} URL whose host is an IPv4 address in 127.0.0.0/8 (or
 * {@code localhost}, taken as 127.0.0.1). The load tool refuses anything else, so it cannot be
 * pointed at a machine it does not own. Also derives the HTTP publish URL on the same host and port.
 *
 * <p>An immutable value, built once on the main thread.
 *
 * @param webSocket the WebSocket endpoint, host normalised to a literal address
 * @param host the literal loopback address
 * @param port the TCP port
 */
public record LoopbackTarget(URI webSocket, String host, int port) {

    /** Parses and checks a {@code ws://127.x.y.z:port/path} URL. */
    public static LoopbackTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url is not a valid URL: '" + url + "' (" + e.getMessage() + ")");
        }
        if (!"ws".equals(uri.getScheme())) {
            throw new IllegalArgumentException("--url must start with ws:// (loopback needs no TLS), got '" + url + "'");
        }
        String host = uri.getHost();
        if (host == null || uri.getPort() < 1) {
            throw new IllegalArgumentException("--url must name a host and a port, e.g. ws://127.0.0.1:8080/api/live/ws, got '"
                    + url + "'");
        }
        String literal = "localhost".equalsIgnoreCase(host) ? "127.0.0.1" : host;
        SourceAddresses.loopbackIpv4(literal, "--url host");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new LoopbackTarget(URI.create("ws://" + literal + ":" + uri.getPort() + path + query), literal, uri.getPort());
    }

    /** An HTTP URL on the same host and port, e.g. {@code http(path("/api/live/publish"))}. */
    public URI http(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an HTTP path must start with '/', got '" + path + "'");
        }
        return URI.create("http://" + host + ":" + port + path);
    }
}
