package dev.heliograph.live.bench.load;

/**
 * STOMP 1.2 over WebSocket, the subset a load client needs: {@code CONNECT} without heart-beats,
 * {@code SUBSCRIBE} with a receipt request (the peer server answers it), {@code SEND} for the
 * publisher, and {@code MESSAGE}, {@code RECEIPT}, {@code ERROR} and heart-beat newlines inbound.
 * Used to load the Spring STOMP simple-broker peer with the same harness.
 *
 * <p>Stateless and thread-safe: shared by all connections, called on their reader threads.
 */
final class StompProtocol implements WireProtocol {
    static final String SUBSCRIBE_RECEIPT = "sub";

    @Override
    public String handshake() {
        return "CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\n\n\0";
    }

    @Override
    public String subscribe(String channel) {
        return "SUBSCRIBE\nid:0\ndestination:" + channel + "\nreceipt:" + SUBSCRIBE_RECEIPT + "\n\n\0";
    }

    @Override
    public String publish(String channel, String json, int id) {
        return "SEND\ndestination:" + channel + "\ncontent-type:application/json\n\n" + json + "\0";
    }

    @Override
    public String subscribeName(String channel, int org) {
        return channel;
    }

    @Override
    public void read(String text, Events events) {
        int start = 0;
        int length = text.length();
        while (start < length) {
            while (start < length && (text.charAt(start) == '\n' || text.charAt(start) == '\r')) {
                start++;
            }
            if (start >= length) {
                return;
            }
            int end = text.indexOf('\0', start);
            if (end < 0) {
                end = length;
            }
            readFrame(text, start, end, events);
            start = end + 1;
        }
    }

    private static void readFrame(String text, int start, int end, Events events) {
        if (text.startsWith("MESSAGE\n", start)) {
            events.publication(Payload.sentNanos(text, start, end));
        } else if (text.startsWith("CONNECTED\n", start)) {
            events.connected();
        } else if (text.startsWith("RECEIPT\n", start)) {
            events.subscribed();
        } else if (text.startsWith("ERROR\n", start)) {
            events.error("STOMP ERROR: " + text.substring(start, Math.min(end, start + 200)).replace('\n', ' '));
        } else {
            events.error("unexpected STOMP frame: " + text.substring(start, Math.min(end, start + 80)).replace('\n', ' '));
        }
    }
}
