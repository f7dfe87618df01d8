package dev.heliograph.live.protocol;

import dev.heliograph.live.hub.StreamPosition;
import dev.heliograph.live.json.RawJson;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one inbound binary message of the Protobuf protocol: one or more varint
 * length-delimited {@code Command}s of the public {@code client.proto}, back to back. Reads the
 * fields this server acts on (id 1; the first request field among connect 4 .. sub_refresh 15;
 * in it channel, token, data and the rpc method) and skips the others by their wire type, as
 * protobuf readers do. A command with neither id nor request (length 0) is a pong.
 *
 * <p>{@code data} fields are raw bytes on the wire, but this server's channels carry JSON: a
 * non-empty data field must be one JSON value (what {@code centrifuge-java} sends for a JSON
 * channel), an empty one counts as absent.
 *
 * <p>Stateless and thread-safe.
 */
final class ProtobufCommandDecoder {

    private static final long MAX_ID = 0xFFFF_FFFFL;
    private static final int PING_REQUEST = 11; // Command.ping: nothing to do, not a method here

    private ProtobufCommandDecoder() {}

    /**
     * Decodes the commands of {@code message} into {@code commands}, in order, up to the first
     * malformed one (the ones before it are kept, as with JSON).
     *
     * @throws BadRequestException saying what is wrong and where
     */
    static void decodeInto(byte[] message, List<Command> commands) throws BadRequestException {
        if (message.length == 0) {
            throw new BadRequestException("empty message, expected at least one length-delimited Command");
        }
        Reader in = new Reader(message, 0, message.length, 0);
        while (in.hasMore()) {
            int index = commands.size() + 1;
            in.index = index;
            long length = in.varint("length of command " + index);
            if (Long.compareUnsigned(length, in.remaining()) > 0) { // a 10-byte varint may be "negative"
                throw new BadRequestException("command " + index + " says it is " + Long.toUnsignedString(length)
                        + " bytes long but only "
                        + in.remaining() + " follow: send varint length-delimited Command messages");
            }
            Reader command = in.slice((int) length);
            commands.add(readCommand(command));
        }
    }

    private static Command readCommand(Reader in) throws BadRequestException {
        long id = 0;
        Command body = null;
        while (in.hasMore()) {
            int tag = in.tag();
            int field = tag >>> 3;
            int wireType = tag & 7;
            if (field == 1) {
                in.expect(wireType, ProtobufBytes.VARINT, "id");
                id = in.varint("id");
                if (id > MAX_ID) {
                    throw new BadRequestException("command " + in.index + " id " + Long.toUnsignedString(id)
                            + " is out of range 1.." + MAX_ID);
                }
            } else if (body == null && field >= 4 && field <= 15 && field != PING_REQUEST) {
                Method method = methodOf(field);
                in.expect(wireType, ProtobufBytes.LENGTH_DELIMITED, method.field());
                body = readRequest(in.slice((int) in.length(method.field())), method);
            } else {
                in.skip(wireType, field);
            }
        }
        if (body == null) {
            return id == 0 ? Command.PONG : new Command(id, null, null, null, null, null);
        }
        return new Command(id, body.method(), body.channel(), body.data(), body.rpcMethod(), body.token(), body.stream());
    }

    /** The method of request field {@code field} of {@code Command} (4 to 15, not 11). */
    private static Method methodOf(int field) {
        return switch (field) {
            case 4 -> Method.CONNECT;
            case 5 -> Method.SUBSCRIBE;
            case 6 -> Method.UNSUBSCRIBE;
            case 7 -> Method.PUBLISH;
            case 8 -> Method.PRESENCE;
            case 9 -> Method.PRESENCE_STATS;
            case 10 -> Method.HISTORY;
            case 12 -> Method.SEND;
            case 13 -> Method.RPC;
            case 14 -> Method.REFRESH;
            case 15 -> Method.SUB_REFRESH;
            default -> throw new IllegalArgumentException("no method at field " + field);
        };
    }

    /** What each field of a request means to this server; null for fields it skips. */
    private enum Part {
        CHANNEL, TOKEN, DATA, RPC_METHOD
    }

    private static @Nullable Part partOf(Method method, int field) {
        return switch (method) {
            case CONNECT -> field == 1 ? Part.TOKEN : field == 2 ? Part.DATA : null;
            case SUBSCRIBE -> field == 1 ? Part.CHANNEL : field == 2 ? Part.TOKEN : field == 8 ? Part.DATA : null;
            case UNSUBSCRIBE, PRESENCE, PRESENCE_STATS, HISTORY -> field == 1 ? Part.CHANNEL : null;
            case PUBLISH -> field == 1 ? Part.CHANNEL : field == 2 ? Part.DATA : null;
            case SEND -> field == 1 ? Part.DATA : null;
            case RPC -> field == 1 ? Part.DATA : field == 2 ? Part.RPC_METHOD : null;
            case REFRESH -> field == 1 ? Part.TOKEN : null;
            case SUB_REFRESH -> field == 1 ? Part.CHANNEL : field == 2 ? Part.TOKEN : null;
        };
    }

    private static Command readRequest(Reader in, Method method) throws BadRequestException {
        String channel = null;
        String token = null;
        String rpcMethod = null;
        RawJson data = null;
        StreamReader stream = null;
        while (in.hasMore()) {
            int tag = in.tag();
            int field = tag >>> 3;
            int wireType = tag & 7;
            Part part = partOf(method, field);
            if (part == null) {
                if (StreamReader.reads(method, field)) {
                    if (stream == null) {
                        stream = new StreamReader();
                    }
                    stream.read(in, method, field, wireType);
                } else {
                    in.skip(wireType, field);
                }
                continue;
            }
            String name = method.field() + "." + part.name().toLowerCase(java.util.Locale.ROOT);
            in.expect(wireType, ProtobufBytes.LENGTH_DELIMITED, name);
            int length = (int) in.length(name);
            switch (part) {
                case CHANNEL -> channel = in.string(length, name);
                case TOKEN -> token = in.string(length, name);
                case RPC_METHOD -> rpcMethod = in.string(length, name);
                case DATA -> data = in.json(length, name);
            }
        }
        return new Command(0, method, channel, data, rpcMethod, token, stream == null ? null : stream.fields());
    }

    /**
     * The stream fields of a subscribe ({@code SubscribeRequest} recover 3, epoch 6, offset 7) or
     * a history request ({@code HistoryRequest} limit 7, since 8 = {@code StreamPosition} offset 1,
     * epoch 2, reverse 9), as the JSON decoder reads them into {@link StreamFields}.
     */
    private static final class StreamReader {
        boolean recover;
        long offset;
        String epoch = "";
        int limit;
        boolean reverse;
        @Nullable StreamPosition since;

        static boolean reads(Method method, int field) {
            return switch (method) {
                case SUBSCRIBE -> field == 3 || field == 6 || field == 7;
                case HISTORY -> field == 7 || field == 8 || field == 9;
                default -> false;
            };
        }

        void read(Reader in, Method method, int field, int wireType) throws BadRequestException {
            String name = method.field() + "." + fieldName(method, field);
            if (method == Method.SUBSCRIBE && field == 6) {
                in.expect(wireType, ProtobufBytes.LENGTH_DELIMITED, name);
                epoch = in.string((int) in.length(name), name);
            } else if (method == Method.HISTORY && field == 8) {
                in.expect(wireType, ProtobufBytes.LENGTH_DELIMITED, name);
                Reader position = in.slice((int) in.length(name));
                long sinceOffset = 0;
                String sinceEpoch = "";
                while (position.hasMore()) {
                    int tag = position.tag();
                    int inner = tag >>> 3;
                    if (inner == 1) {
                        position.expect(tag & 7, ProtobufBytes.VARINT, name + ".offset");
                        sinceOffset = offsetOf(position.varint(name + ".offset"), name + ".offset", in);
                    } else if (inner == 2) {
                        position.expect(tag & 7, ProtobufBytes.LENGTH_DELIMITED, name + ".epoch");
                        sinceEpoch = position.string((int) position.length(name + ".epoch"), name + ".epoch");
                    } else {
                        position.skip(tag & 7, inner);
                    }
                }
                since = new StreamPosition(sinceOffset, sinceEpoch);
            } else {
                in.expect(wireType, ProtobufBytes.VARINT, name);
                long value = in.varint(name);
                switch (field) {
                    case 3 -> recover = value != 0;
                    case 7 -> {
                        if (method == Method.SUBSCRIBE) {
                            offset = offsetOf(value, name, in);
                        } else {
                            limit = (int) value; // int32: a negative limit is sign-extended to 10 bytes
                        }
                    }
                    default -> reverse = value != 0;
                }
            }
        }

        private static long offsetOf(long value, String name, Reader in) throws BadRequestException {
            if (value < 0) {
                throw in.bad(name + " is " + Long.toUnsignedString(value) + ", expected an offset below 2^63");
            }
            return value;
        }

        private static String fieldName(Method method, int field) {
            return switch (field) {
                case 3 -> "recover";
                case 6 -> "epoch";
                case 7 -> method == Method.SUBSCRIBE ? "offset" : "limit";
                case 8 -> "since";
                default -> "reverse";
            };
        }

        StreamFields fields() {
            return new StreamFields(recover, offset, epoch, limit, reverse, since);
        }
    }

    /** A cursor over part of the message; says which command it reads in its errors. */
    private static final class Reader {
        private final byte[] bytes;
        private int pos;
        private final int end;
        int index;

        Reader(byte[] bytes, int pos, int end, int index) {
            this.bytes = bytes;
            this.pos = pos;
            this.end = end;
            this.index = index;
        }

        boolean hasMore() {
            return pos < end;
        }

        int remaining() {
            return end - pos;
        }

        /** The next {@code length} bytes as a reader of their own; this one moves past them. */
        Reader slice(int length) {
            Reader r = new Reader(bytes, pos, pos + length, index);
            pos += length;
            return r;
        }

        long varint(String what) throws BadRequestException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw bad(what + " is cut short (truncated varint)");
                }
                byte b = bytes[pos++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw bad(what + " is a varint longer than 10 bytes");
        }

        int tag() throws BadRequestException {
            long tag = varint("field tag");
            if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) {
                throw bad("has an invalid field tag " + tag);
            }
            return (int) tag;
        }

        /** The length of a length-delimited field, checked against what is left. */
        long length(String what) throws BadRequestException {
            long length = varint("length of " + what);
            if (Long.compareUnsigned(length, remaining()) > 0) { // a 10-byte varint may be "negative"
                throw bad(what + " says it is " + Long.toUnsignedString(length) + " bytes long but only "
                        + remaining() + " follow");
            }
            return length;
        }

        void expect(int wireType, int expected, String what) throws BadRequestException {
            if (wireType != expected) {
                throw bad(what + " has wire type " + wireType + ", expected " + expected
                        + (expected == ProtobufBytes.VARINT ? " (varint)" : " (length-delimited)"));
            }
        }

        /** Skips an unknown field by its wire type. */
        void skip(int wireType, int field) throws BadRequestException {
            switch (wireType) {
                case 0 -> varint("field " + field);
                case 1 -> advance(8, field);
                case 2 -> advance((int) length("field " + field), field);
                case 5 -> advance(4, field);
                default -> throw bad("field " + field + " has wire type " + wireType
                        + ", which Centrifuge commands never use (groups are not supported)");
            }
        }

        private void advance(int n, int field) throws BadRequestException {
            if (n > remaining()) {
                throw bad("field " + field + " is cut short");
            }
            pos += n;
        }

        String string(int length, String what) throws BadRequestException {
            try {
                String s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, pos, length))
                        .toString();
                pos += length;
                return s;
            } catch (CharacterCodingException e) {
                throw bad(what + " is not valid UTF-8");
            }
        }

        /** A data field: absent when empty, else one JSON value. */
        @Nullable RawJson json(int length, String what) throws BadRequestException {
            if (length == 0) {
                return null;
            }
            byte[] value = Arrays.copyOfRange(bytes, pos, pos + length);
            pos += length;
            try {
                return RawJson.parse(value);
            } catch (RawJson.InvalidJsonException e) {
                throw bad(what + " is not JSON (" + e.getMessage() + "): this server's channels carry JSON,"
                        + " send the JSON bytes of the value");
            }
        }

        private BadRequestException bad(String detail) {
            return new BadRequestException("command " + index + " " + detail);
        }
    }
}
