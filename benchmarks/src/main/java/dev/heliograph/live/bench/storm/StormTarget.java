package dev.heliograph.live.bench.storm;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the storm goes: the demo server on a loopback port, signed in as its built-in admin
 * (HTTP Basic {@code admin:admin}, org 1). Knows the WebSocket path, the HTTP publish URL and how
 * a channel path is named on the wire (the org prefix). An immutable value.
 *
 * @param address the server's loopback address and port
 * @param webSocketPath {@code /api/live/ws}
 * @param authorization the {@code Authorization} header value sent on every request
 * @param org the org id clients prefix to channel paths on the WebSocket
 */
record StormTarget(InetSocketAddress address, String webSocketPath, String authorization, int org) {

    /** The demo server at {@code 127.0.0.1:port} as admin/admin in org 1. */
    static StormTarget demo(int port) {
        String basic = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        return new StormTarget(new InetSocketAddress("127.0.0.1", port), "/api/live/ws", basic, 1);
    }

    /** {@code POST} here with {@code {"channel":path,"data":...}}. */
    URI publishUri() {
        return URI.create("http://127.0.0.1:" + address.getPort() + "/api/live/publish");
    }

    /** The channel as a WebSocket client subscribes to it: {@code 1/grafana/broadcast/x}. */
    String wireName(String channelPath) {
        return org + "/" + channelPath;
    }
}
