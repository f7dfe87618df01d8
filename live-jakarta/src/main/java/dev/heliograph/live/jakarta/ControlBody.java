package dev.heliograph.live.jakarta;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.heliograph.live.json.RawJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a {@code POST /api/live/control/<action>}: one flat JSON object whose fields are
 * read by name ({@link #text}, {@link #number}, {@link #texts}, {@link #json}). Unknown fields
 * are ignored. Every failure is an {@link IllegalArgumentException} fit for the 400 answer.
 */
final class ControlBody {
    private static final JsonFactory JSON = new JsonFactory();

    private final java.util.Map<String, Object> fields = new java.util.HashMap<>();

    private ControlBody() {}

    static ControlBody parse(byte[] body) {
        ControlBody parsed = new ControlBody();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("request body must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_ARRAY && !name.equals("data")) {
                    List<String> items = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() != JsonToken.VALUE_STRING) {
                            throw new IllegalArgumentException("\"" + name + "\" must be an array of strings");
                        }
                        items.add(p.getText());
                    }
                    parsed.fields.put(name, items);
                } else if (name.equals("data")) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
                    try (JsonGenerator g = JSON.createGenerator(out)) {
                        g.copyCurrentStructure(p);
                    }
                    parsed.fields.put(name, RawJson.trusted(out.toByteArray()));
                } else if (value == JsonToken.VALUE_STRING) {
                    parsed.fields.put(name, p.getText());
                } else if (value == JsonToken.VALUE_NUMBER_INT) {
                    parsed.fields.put(name, p.getLongValue());
                } else {
                    p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("request body could not be read: " + e.getMessage());
        }
        return parsed;
    }

    /** A required string field. */
    String text(String name) {
        Object v = fields.get(name);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException("\"" + name + "\" is missing or not a non-empty string");
        }
        return s;
    }

    /** An optional string field. */
    String text(String name, String fallback) {
        return fields.get(name) instanceof String s ? s : fallback;
    }

    /** An optional integer field. */
    long number(String name, long fallback) {
        Object v = fields.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Long n)) {
            throw new IllegalArgumentException("\"" + name + "\" must be an integer");
        }
        return n;
    }

    /** A required non-empty array of strings. */
    @SuppressWarnings("unchecked")
    List<String> texts(String name) {
        Object v = fields.get(name);
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("\"" + name + "\" is missing or not a non-empty array of strings");
        }
        return (List<String>) list;
    }

    /** A required JSON value, compact. */
    RawJson json(String name) {
        Object v = fields.get(name);
        if (!(v instanceof RawJson json)) {
            throw new IllegalArgumentException("\"" + name + "\" is missing");
        }
        return json;
    }
}
