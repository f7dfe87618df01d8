package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.heliograph.live.hub.StreamPosition;
import dev.heliograph.live.json.RawJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one inbound message (one or more newline-separated commands) with Jackson's
 * streaming parser. The first method field of a command wins, unknown fields are skipped, a
 * command with neither id nor method is a pong. {@code data} values are kept as the exact bytes
 * the client sent (copied out of the message, never re-encoded).
 *
 * <p>The message is UTF-8 without a byte-order mark, and a command ends its line: only spaces,
 * tabs or a carriage return may follow it before the {@code \n} (or the end of the message), so
 * {@code {..}{..}} on one line is refused rather than read as two commands. Jackson would
 * otherwise accept both, and would take a message whose first bytes are a byte-order mark or a
 * NUL for UTF-16 or UTF-32.
 *
 * <p>Stateless and thread-safe.
 */
final class CommandDecoder {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private static final long MAX_ID = 0xFFFF_FFFFL;

    private CommandDecoder() {}

    /**
     * Decodes every command of {@code utf8}.
     *
     * @throws BadRequestException saying what is wrong and where
     */
    static List<Command> decode(byte[] utf8) throws BadRequestException {
        List<Command> commands = new ArrayList<>(2);
        decodeInto(utf8, commands);
        return commands;
    }

    /**
     * Decodes the commands of {@code utf8} into {@code commands}, in order, up to the first
     * malformed one: the commands before it are in {@code commands} when this throws, so the
     * caller can handle them first (as the reference server does) and then close.
     *
     * @throws BadRequestException saying what is wrong and where
     */
    static void decodeInto(byte[] utf8, List<Command> commands) throws BadRequestException {
        checkEncoding(utf8);
        try (JsonParser p = FACTORY.createParser(utf8)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_OBJECT) {
                    throw new BadRequestException(
                            "command " + (commands.size() + 1) + " is " + describe(t) + ", expected a JSON object");
                }
                Command command = readCommand(p, utf8, commands.size() + 1);
                // a line with more after its command is malformed as a whole: its command is not kept
                checkRestOfLine(utf8, (int) p.currentLocation().getByteOffset(), commands.size() + 1);
                commands.add(command);
            }
        } catch (BadRequestException e) {
            throw e;
        } catch (IOException e) {
            throw new BadRequestException("malformed JSON: " + describe(e));
        }
        if (commands.isEmpty()) {
            throw new BadRequestException("empty message, expected at least one command");
        }
    }

    /**
     * Refuses what Jackson's encoding detection would otherwise accept: a UTF-8 byte-order mark
     * (skipped silently), a UTF-16 one, or a NUL in the first two bytes (read as UTF-16 or
     * UTF-32).
     */
    private static void checkEncoding(byte[] utf8) throws BadRequestException {
        if (utf8.length >= 3 && (utf8[0] & 0xFF) == 0xEF && (utf8[1] & 0xFF) == 0xBB && (utf8[2] & 0xFF) == 0xBF) {
            throw new BadRequestException("message starts with a UTF-8 byte-order mark (0xEF 0xBB 0xBF):"
                    + " send the JSON commands without one");
        }
        if (utf8.length >= 2 && ((utf8[0] & 0xFF) == 0xFE && (utf8[1] & 0xFF) == 0xFF
                || (utf8[0] & 0xFF) == 0xFF && (utf8[1] & 0xFF) == 0xFE)) {
            throw new BadRequestException("message starts with a UTF-16 byte-order mark ("
                    + hex(utf8[0]) + " " + hex(utf8[1]) + "): send the JSON commands as UTF-8");
        }
        for (int i = 0; i < Math.min(2, utf8.length); i++) {
            if (utf8[i] == 0) {
                throw new BadRequestException("message has a NUL byte at offset " + i
                        + ", expected UTF-8 JSON commands");
            }
        }
    }

    /**
     * Refuses anything but spaces, tabs and a carriage return between the end of command
     * {@code index} (at byte {@code from}) and the end of its line.
     */
    private static void checkRestOfLine(byte[] utf8, int from, int index) throws BadRequestException {
        for (int i = from; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '\n') {
                return;
            }
            if (b != ' ' && b != '\t' && b != '\r') {
                int lineStart = from;
                while (lineStart > 0 && utf8[lineStart - 1] != '\n') {
                    lineStart--;
                }
                throw new BadRequestException("command " + index + " is followed by " + describeByte(b)
                        + " on the same line (column " + (i - lineStart + 1)
                        + "): send one JSON object per line, separated by \\n");
            }
        }
    }

    private static String describeByte(byte b) {
        return b > 0x20 && b < 0x7F ? "'" + (char) b + "'" : "byte " + hex(b);
    }

    private static String hex(byte b) {
        return String.format("0x%02X", b & 0xFF);
    }

    private static Command readCommand(JsonParser p, byte[] utf8, int index) throws IOException, BadRequestException {
        long id = 0;
        Command body = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("id".equals(name)) {
                id = readId(p, value, index);
            } else if (body == null && (body = methodOf(name)) != null) {
                if (value != JsonToken.START_OBJECT) {
                    throw new BadRequestException("command " + index + " field '" + name + "' is " + describe(value)
                            + ", expected an object");
                }
                body = readBody(p, utf8, requireNonNull(body.method(), "empty bodies name their method"), index);
            } else {
                p.skipChildren();
            }
        }
        if (body == null) {
            return id == 0 ? Command.PONG : new Command(id, null, null, null, null, null);
        }
        return new Command(id, body.method(), body.channel(), body.data(), body.rpcMethod(), body.token(), body.stream());
    }

    private static @Nullable Command methodOf(String name) {
        Method m = Method.byField(name);
        return m == null ? null : EMPTY_BODIES[m.ordinal()];
    }

    private static final Command[] EMPTY_BODIES = Arrays.stream(Method.values())
            .map(m -> new Command(0, m, null, null, null, null))
            .toArray(Command[]::new);

    private static long readId(JsonParser p, JsonToken value, int index) throws IOException, BadRequestException {
        if (value == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new BadRequestException("command " + index + " id is " + describe(value) + ", expected a positive integer");
        }
        if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
            throw new BadRequestException("command " + index + " id " + p.getText() + " is out of range 1.." + MAX_ID);
        }
        long id = p.getLongValue();
        if (id < 0 || id > MAX_ID) {
            throw new BadRequestException("command " + index + " id " + id + " is out of range 1.." + MAX_ID);
        }
        return id;
    }

    private static Command readBody(JsonParser p, byte[] utf8, Method method, int index)
            throws IOException, BadRequestException {
        String channel = null;
        RawJson data = null;
        String rpcMethod = null;
        String token = null;
        boolean streamFields = false;
        boolean recover = false;
        long offset = 0;
        String epoch = "";
        int limit = 0;
        boolean reverse = false;
        StreamPosition since = null;
        boolean positionFields = method == Method.SUBSCRIBE || method == Method.HISTORY;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "channel" -> channel = readString(p, value, method, name, index);
                case "method" -> rpcMethod = readString(p, value, method, name, index);
                case "token" -> token = readString(p, value, method, name, index);
                case "data" -> data = value == JsonToken.VALUE_NULL ? null : copyValue(p, utf8);
                case "recover", "offset", "epoch", "limit", "reverse", "since" -> {
                    if (!positionFields) {
                        p.skipChildren();
                        continue;
                    }
                    streamFields = true;
                    switch (name) {
                        case "recover" -> recover = readBoolean(p, value, method, name, index);
                        case "offset" -> offset = readOffset(p, value, method, name, index);
                        case "epoch" -> epoch = orEmpty(readString(p, value, method, name, index));
                        case "limit" -> limit = readLimit(p, value, method, index);
                        case "reverse" -> reverse = readBoolean(p, value, method, name, index);
                        default -> since = readSince(p, value, method, index);
                    }
                }
                default -> p.skipChildren();
            }
        }
        StreamFields stream = streamFields ? new StreamFields(recover, offset, epoch, limit, reverse, since) : null;
        return new Command(0, method, channel, data, rpcMethod, token, stream);
    }

    private static String orEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }

    private static boolean readBoolean(JsonParser p, JsonToken value, Method method, String field, int index)
            throws BadRequestException {
        if (value == JsonToken.VALUE_NULL) {
            return false;
        }
        if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
            throw new BadRequestException("command " + index + " " + method.field() + "." + field + " is "
                    + describe(value) + ", expected a boolean");
        }
        return value == JsonToken.VALUE_TRUE;
    }

    private static long readOffset(JsonParser p, JsonToken value, Method method, String field, int index)
            throws IOException, BadRequestException {
        if (value == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || p.getLongValue() < 0) {
            throw new BadRequestException("command " + index + " " + method.field() + "." + field + " is "
                    + (value == JsonToken.VALUE_NUMBER_INT ? p.getText() : describe(value))
                    + ", expected an offset (an integer from 0)");
        }
        return p.getLongValue();
    }

    private static int readLimit(JsonParser p, JsonToken value, Method method, int index)
            throws IOException, BadRequestException {
        if (value == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw new BadRequestException("command " + index + " " + method.field() + ".limit is "
                    + (value == JsonToken.VALUE_NUMBER_INT ? p.getText() : describe(value))
                    + ", expected a 32-bit integer (negative for no limit)");
        }
        return p.getIntValue();
    }

    private static @Nullable StreamPosition readSince(JsonParser p, JsonToken value, Method method, int index)
            throws IOException, BadRequestException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new BadRequestException("command " + index + " " + method.field() + ".since is "
                    + describe(value) + ", expected an object {offset, epoch}");
        }
        long offset = 0;
        String epoch = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "offset" -> offset = readOffset(p, v, method, "since.offset", index);
                case "epoch" -> epoch = orEmpty(readString(p, v, method, "since.epoch", index));
                default -> p.skipChildren();
            }
        }
        return new StreamPosition(offset, epoch);
    }

    private static @Nullable String readString(JsonParser p, JsonToken value, Method method, String field, int index)
            throws IOException, BadRequestException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new BadRequestException("command " + index + " " + method.field() + "." + field + " is "
                    + describe(value) + ", expected a string");
        }
        return p.getText();
    }

    /** Copies the bytes of the value at the current token, whatever its type. */
    private static RawJson copyValue(JsonParser p, byte[] utf8) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
        } else {
            p.finishToken();
        }
        int end = (int) p.currentLocation().getByteOffset();
        return RawJson.trusted(Arrays.copyOfRange(utf8, start, end));
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    private static String describe(IOException e) {
        if (e instanceof JsonProcessingException jpe) {
            String what = jpe.getOriginalMessage();
            int newline = what.indexOf('\n');
            if (newline > 0) {
                what = what.substring(0, newline);
            }
            return jpe.getLocation() == null ? what : what + " at column " + jpe.getLocation().getColumnNr();
        }
        return String.valueOf(e.getMessage());
    }
}
