package dev.heliograph.live.jakarta;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The body of {@code POST /api/live/emulation}, as the centrifuge client's http_stream and sse
 * transports send it: {@code {"node":"...","session":"...","data":"<commands>"}}, where
 * {@code data} is a JSON string holding the commands (newline-separated JSON). Unknown fields
 * are ignored. Parsing fails with an {@link IllegalArgumentException} fit for the 400 answer.
 *
 * @param node    the id of the node holding the connection (its connect result's {@code node})
 * @param session the connection's emulation session (its connect result's {@code session})
 * @param data    the commands
 */
record EmulationRequest(String node, String session, String data) {
    private static final JsonFactory JSON = new JsonFactory();

    static EmulationRequest parse(byte[] body) {
        String node = null;
        String session = null;
        String data = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object {\"node\":...,\"session\":...,\"data\":...}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "node" -> node = text(p, value, name);
                    case "session" -> session = text(p, value, name);
                    case "data" -> data = text(p, value, name);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("request body has content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("request body could not be read: " + e.getMessage());
        }
        if (node == null || node.isEmpty() || session == null || session.isEmpty()) {
            throw new IllegalArgumentException("\"node\" and \"session\" are required: the connect result of the"
                    + " streaming connection names them");
        }
        if (data == null || data.isEmpty()) {
            throw new IllegalArgumentException("\"data\" is missing: expected the commands as a JSON string");
        }
        return new EmulationRequest(node, session, data);
    }

    private static String text(JsonParser p, JsonToken value, String name) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("\"" + name + "\" must be a string, got " + value);
        }
        return p.getText();
    }
}
