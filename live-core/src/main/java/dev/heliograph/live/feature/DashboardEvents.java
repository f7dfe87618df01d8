package dev.heliograph.live.feature;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.internal.json.JsonStrings;
import dev.heliograph.live.json.RawJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of dashboard events: {@code {"uid":..,"action":..,"user":{"id":..,"login":..},
 * "message":..}} ({@code user} and {@code message} only when known), and the reading of a
 * client's {@code {"uid":..,"action":..}}. Stateless.
 */
final class DashboardEvents {
    static final String SAVED = "saved";
    static final String DELETED = "deleted";
    static final String EDITING_STARTED = "editing-started";

    private static final JsonFactory FACTORY = new JsonFactory();

    private DashboardEvents() {}

    /** What a client sent: its {@code uid} and {@code action} strings, either may be null. */
    record ClientEvent(@Nullable String uid, @Nullable String action) {}

    static RawJson encode(String uid, String action, LiveUser user, @Nullable String message) {
        StringBuilder sb = new StringBuilder(96);
        sb.append("{\"uid\":\"");
        JsonStrings.appendEscaped(sb, uid);
        sb.append("\",\"action\":\"").append(action).append('"');
        if (user != null) {
            sb.append(",\"user\":{\"id\":\"");
            JsonStrings.appendEscaped(sb, user.id());
            sb.append("\",\"login\":\"");
            JsonStrings.appendEscaped(sb, user.login());
            sb.append("\"}");
        }
        if (message != null) {
            sb.append(",\"message\":\"");
            JsonStrings.appendEscaped(sb, message);
            sb.append('"');
        }
        return RawJson.trusted(sb.append('}').toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the top-level {@code uid} and {@code action} strings of a client's event, ignoring
     * every other member.
     *
     * @return null when {@code data} is not a JSON object
     */
    static @Nullable ClientEvent readClientEvent(@Nullable RawJson data) {
        if (data == null) {
            return null;
        }
        @Nullable String uid = null;
        @Nullable String action = null;
        try (JsonParser p = FACTORY.createParser(data.unsafeBytes())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && "uid".equals(name)) {
                    uid = p.getText();
                } else if (value == JsonToken.VALUE_STRING && "action".equals(name)) {
                    action = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return new ClientEvent(uid, action);
    }
}
