package dev.heliograph.live.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heliograph.live.LiveException;
import dev.heliograph.live.internal.json.JsonStrings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON value kept as its UTF-8 bytes: publication data, initial data, frames. The library
 * never re-parses a payload on the fan-out path; encoders embed these bytes as they are.
 *
 * <p>Immutable (the bytes are never exposed for writing); safe to share between threads.
 * {@link #parse} validates; {@link #trusted} is for bytes the library produced itself.
 */
public final class RawJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** The JSON {@code {}}. */
    public static final RawJson EMPTY_OBJECT = trusted("{}".getBytes(StandardCharsets.UTF_8));

    private final byte[] utf8;

    private RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /**
     * Validates that {@code utf8} holds exactly one JSON value and wraps a copy of it.
     *
     * @throws InvalidJsonException saying what is wrong and where
     */
    public static RawJson parse(byte[] utf8) {
        validate(utf8);
        return new RawJson(utf8.clone());
    }

    /** {@link #parse(byte[])} for a string. */
    public static RawJson parse(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        validate(bytes);
        return new RawJson(bytes);
    }

    /**
     * Wraps bytes the caller guarantees to be one valid JSON value, without copying or checking.
     * The caller must not modify the array afterwards.
     */
    public static RawJson trusted(byte[] utf8) {
        return new RawJson(utf8);
    }

    /** A JSON string value holding {@code text}, escaped. */
    public static RawJson ofString(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        JsonStrings.appendEscaped(sb, text);
        return new RawJson(sb.append('"').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The size in bytes. */
    public int length() {
        return utf8.length;
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return utf8.clone();
    }

    /** Writes the bytes without copying them. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(utf8);
    }

    /**
     * The bytes themselves, for encoders inside the library that only read them. Never write to
     * the returned array.
     */
    public byte[] unsafeBytes() {
        return utf8;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawJson other && Arrays.equals(utf8, other.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void validate(byte[] utf8) {
        try (JsonParser p = FACTORY.createParser(utf8)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidJsonException("JSON is empty: expected one value such as {\"key\":\"value\"}");
            }
            p.skipChildren();
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new InvalidJsonException("JSON has more than one value: unexpected " + extra + " at "
                        + location(p));
            }
        } catch (InvalidJsonException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidJsonException("invalid JSON: " + e.getMessage(), e);
        }
    }

    private static String location(JsonParser p) {
        var loc = p.currentTokenLocation();
        return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /** Thrown by {@link #parse} for input that is not exactly one JSON value. */
    public static final class InvalidJsonException extends LiveException {
        private static final long serialVersionUID = 1L;

        InvalidJsonException(String message) {
            super(message);
        }

        InvalidJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
