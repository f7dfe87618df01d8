package dev.heliograph.live.bench.peer;

/**
 * The publish request the fan-out harness sends to every server under test,
 * {@code {"channel":"<name>","data":<json>}}, read by a string scan (the harness writes it, so
 * no general JSON parser is needed), and the push the peers fan out for it, shaped like ours:
 * {@code {"push":{"channel":"<name>","pub":{"data":<json>}}}}. Subscribers name channels with an
 * org prefix ({@code 1/grafana/broadcast/load}); {@link #withoutOrg} drops it so both sides meet.
 *
 * <p>Stateless; called on the peers' request threads.
 */
record PeerPublish(String channel, String data) {

    /** Reads a publish body; throws IllegalArgumentException with a reason when it is not one. */
    static PeerPublish parse(String body) {
        int key = body.indexOf("\"channel\":\"");
        int data = body.indexOf("\"data\":");
        int end = body.lastIndexOf('}');
        if (key < 0 || data < 0 || end < data) {
            throw new IllegalArgumentException("expected {\"channel\":\"...\",\"data\":...}");
        }
        int start = key + 11;
        int close = body.indexOf('"', start);
        return new PeerPublish(body.substring(start, close), body.substring(data + 7, end).trim());
    }

    /**
     * Reads the publish body of {@code request}; when it is not one, answers 400 with the reason
     * and returns null (the peers' publish servlets).
     */
    static PeerPublish read(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        try {
            return parse(new String(request.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            response.sendError(400, e.getMessage());
            return null;
        }
    }

    /** The push text every subscriber of the channel receives. */
    String push() {
        return "{\"push\":{\"channel\":\"" + channel + "\",\"pub\":{\"data\":" + data + "}}}";
    }

    /** {@code 1/grafana/broadcast/x} becomes {@code grafana/broadcast/x}; a name without an org stays. */
    static String withoutOrg(String channel) {
        int slash = channel.indexOf('/');
        if (slash <= 0) {
            return channel;
        }
        for (int i = 0; i < slash; i++) {
            if (!Character.isDigit(channel.charAt(i))) {
                return channel;
            }
        }
        return channel.substring(slash + 1);
    }

    /** The channel of a subscribe command line {@code {"id":2,"subscribe":{"channel":"..."}}}, or null. */
    static String subscribedChannel(String line) {
        if (!line.contains("\"subscribe\"")) {
            return null;
        }
        int key = line.indexOf("\"channel\":\"");
        if (key < 0) {
            return null;
        }
        int start = key + 11;
        int close = line.indexOf('"', start);
        return close < 0 ? null : withoutOrg(line.substring(start, close));
    }
}
