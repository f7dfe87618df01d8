package dev.heliograph.live.bench.fanout;

import java.nio.ByteBuffer;

/**
 * The STOMP 1.2 the fan-out client speaks to the Spring STOMP peer ({@code bench.peer.StompPeerServer}):
 * its {@code CONNECT} (no heart-beats) and {@code SUBSCRIBE} (asking for a receipt, which the
 * peer answers) as masked text frames, the destination a channel maps to, and byte-level reading
 * of the inbound frames: command prefixes and where a frame's body starts. Absolute reads only,
 * the buffer's position is never moved.
 *
 * <p>Channel {@code 1/grafana/broadcast/load-3} (org prefix, as the client subscribes in
 * Centrifuge) is destination {@code /topic/grafana/broadcast/load-3}; the peer's publish endpoint
 * maps the published channel name the same way, so both meet on the simple broker's {@code /topic}
 * prefix, as the load tool's {@code /topic/load} does.
 *
 * <p>Stateless; called on each client process's single selector thread.
 */
final class StompFrames {
    /** The WebSocket subprotocol Spring's STOMP endpoint offers for STOMP 1.2. */
    static final String SUBPROTOCOL = "v12.stomp";
    static final byte[] MESSAGE = TextScan.bytes("MESSAGE\n");
    static final byte[] CONNECTED = TextScan.bytes("CONNECTED\n");
    static final byte[] RECEIPT = TextScan.bytes("RECEIPT\n");
    static final byte[] ERROR = TextScan.bytes("ERROR\n");
    private static final byte[] HEADERS_END = TextScan.bytes("\n\n");

    private StompFrames() {}

    static ByteBuffer connect(String host) {
        return ClientFrames.text("CONNECT\naccept-version:1.2\nhost:" + host + "\nheart-beat:0,0\n\n\0");
    }

    static ByteBuffer subscribe(String destination) {
        return ClientFrames.text("SUBSCRIBE\nid:0\ndestination:" + destination + "\nreceipt:sub\n\n\0");
    }

    /** {@code 1/grafana/broadcast/x} becomes {@code /topic/grafana/broadcast/x}; a name without an org keeps its whole path. */
    static String destination(String channel) {
        int slash = channel.indexOf('/');
        boolean org = slash > 0;
        for (int i = 0; org && i < slash; i++) {
            org = Character.isDigit(channel.charAt(i));
        }
        return "/topic/" + (org ? channel.substring(slash + 1) : channel);
    }

    /** Where the body of the frame in {@code b[from, to)} starts (after the blank line), or -1. */
    static int bodyStart(ByteBuffer b, int from, int to) {
        int end = TextScan.indexOf(b, from, to, HEADERS_END);
        return end < 0 ? -1 : end + HEADERS_END.length;
    }

    /** The index of the first NUL (a frame's end) in {@code b[from, to)}, or {@code to}. */
    static int frameEnd(ByteBuffer b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b.get(i) == 0) {
                return i;
            }
        }
        return to;
    }
}
