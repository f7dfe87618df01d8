package dev.heliograph.live.jakarta;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.heliograph.live.json.RawJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The body of {@code POST /api/live/publish}: {@code {"channel":"scope/ns/path","data":{...}}}.
 * Unknown fields are ignored. Parsing fails with an {@link IllegalArgumentException} whose
 * message says what is wrong, fit for the 400 answer.
 *
 * @param channel the channel as sent (validated later, so the error can name the rule)
 * @param data    the data, compact JSON
 */
record PublishBody(String channel, RawJson data) {
    private static final JsonFactory JSON = new JsonFactory();

    static PublishBody parse(byte[] body) {
        if (body.length == 0) {
            throw new IllegalArgumentException("request body is empty: expected {\"channel\":\"scope/namespace/path\","
                    + "\"data\":{...}}");
        }
        String channel = null;
        RawJson data = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("request body must be a JSON object {\"channel\":...,\"data\":...}, got "
                        + p.currentToken());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "channel" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new IllegalArgumentException("\"channel\" must be a string such as"
                                    + " \"grafana/broadcast/chat\", got " + value);
                        }
                        channel = p.getText();
                    }
                    case "data" -> data = copy(p);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("request body has content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new IllegalArgumentException("request body could not be read: " + e.getMessage());
        }
        if (channel == null) {
            throw new IllegalArgumentException("\"channel\" is missing: expected {\"channel\":\"scope/namespace/path\","
                    + "\"data\":{...}}");
        }
        if (data == null) {
            throw new IllegalArgumentException("\"data\" is missing: expected {\"channel\":\"" + channel
                    + "\",\"data\":{...}}");
        }
        return new PublishBody(channel, data);
    }

    private static RawJson copy(JsonParser p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return RawJson.trusted(out.toByteArray());
    }
}
