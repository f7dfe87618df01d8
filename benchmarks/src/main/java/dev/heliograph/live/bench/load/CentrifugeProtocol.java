package dev.heliograph.live.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Centrifuge v2 JSON, the subset a load client needs: {@code connect} (id 1), {@code subscribe}
 * (id 2), {@code publish} (ids from 3), publication pushes, and the {@code {}} ping answered
 * with {@code {}}. A frame may hold several newline-separated JSON objects. Pushes that start with
 * {@code {"push"} are read by a string scan (cheap enough for a million deliveries a second):
 * publications for their timestamp, others (join, leave: Grafana's broadcast channels announce
 * every subscriber to the others) skipped; every other line is parsed with Jackson.
 *
 * <p>Stateless and thread-safe: shared by all connections, called on their reader threads.
 */
final class CentrifugeProtocol implements WireProtocol {
    static final int CONNECT_ID = 1;
    static final int SUBSCRIBE_ID = 2;
    private static final String PING = "{}";

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public String handshake() {
        return "{\"id\":" + CONNECT_ID + ",\"connect\":{\"name\":\"heliograph-load\"}}";
    }

    @Override
    public String subscribe(String channel) {
        return "{\"id\":" + SUBSCRIBE_ID + ",\"subscribe\":{\"channel\":\"" + channel + "\"}}";
    }

    @Override
    public String publish(String channel, String json, int id) {
        return "{\"id\":" + id + ",\"publish\":{\"channel\":\"" + channel + "\",\"data\":" + json + "}}";
    }

    @Override
    public String subscribeName(String channel, int org) {
        return org + "/" + channel;
    }

    @Override
    public void read(String text, Events events) {
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                readLine(text, start, end, events);
            }
            start = end + 1;
        }
    }

    private void readLine(String text, int start, int end, Events events) {
        if (end - start == 2 && text.startsWith(PING, start)) {
            events.ping(PING);
        } else if (text.startsWith("{\"push\":", start)) {
            int pub = text.indexOf("\"pub\":", start);
            if (pub >= 0 && pub < end) {
                events.publication(Payload.sentNanos(text, start, end));
            }
            // Other pushes (join, leave, ...) carry nothing the load run measures.
        } else {
            readTree(text.substring(start, end), events);
        }
    }

    private void readTree(String line, Events events) {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            events.error("unreadable JSON from the server: " + abbreviate(line));
            return;
        }
        if (node.has("push")) {
            JsonNode push = node.get("push");
            if (push.has("pub")) {
                events.publication(push.path("pub").path("data").path("sent_ns").asLong(Long.MIN_VALUE));
            }
            return;
        }
        int id = node.path("id").asInt(0);
        JsonNode error = node.get("error");
        if (id >= SUBSCRIBE_ID + 1) {
            events.published(id, error == null ? null : error.toString());
        } else if (error != null) {
            events.error((id == CONNECT_ID ? "connect" : "subscribe") + " refused: " + error);
        } else if (id == CONNECT_ID && node.has("connect")) {
            events.connected();
        } else if (id == SUBSCRIBE_ID && node.has("subscribe")) {
            events.subscribed();
        } else {
            events.error("unexpected message from the server: " + abbreviate(line));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
