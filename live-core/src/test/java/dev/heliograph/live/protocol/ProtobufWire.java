package dev.heliograph.live.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests' own protobuf wire reader and writer, generic (fields by number and wire type, no
 * schema), written apart from the production codec so that the tests check it against the
 * wire format rather than against itself: {@link #split} reads a frame of length-delimited
 * messages, {@link Msg} gives a message's fields, {@link W} builds commands.
 */
final class ProtobufWire {

    private ProtobufWire() {}

    /** The messages of one frame of varint length-delimited messages. */
    static List<Msg> split(byte[] frame) {
        List<Msg> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < frame.length) {
            int length = (int) varint(frame, pos);
            byte[] message = new byte[length];
            System.arraycopy(frame, pos[0], message, 0, length);
            pos[0] += length;
            out.add(Msg.parse(message));
        }
        return out;
    }

    private static long varint(byte[] b, int[] pos) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos[0]++];
            value |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return value;
            }
        }
    }

    /** A parsed message: each field number's values (Long for varints, byte[] for length-delimited). */
    static final class Msg {
        final Map<Integer, List<Object>> fields = new LinkedHashMap<>();

        static Msg parse(byte[] message) {
            Msg m = new Msg();
            int[] pos = {0};
            while (pos[0] < message.length) {
                long tag = varint(message, pos);
                int field = (int) (tag >>> 3);
                Object value = switch ((int) (tag & 7)) {
                    case 0 -> varint(message, pos);
                    case 2 -> {
                        int length = (int) varint(message, pos);
                        byte[] v = new byte[length];
                        System.arraycopy(message, pos[0], v, 0, length);
                        pos[0] += length;
                        yield v;
                    }
                    default -> throw new AssertionError("unexpected wire type in " + tag);
                };
                m.fields.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
            }
            return m;
        }

        boolean has(int field) {
            return fields.containsKey(field);
        }

        long num(int field) {
            return has(field) ? (Long) fields.get(field).get(0) : 0;
        }

        byte[] bytes(int field) {
            return has(field) ? (byte[]) fields.get(field).get(0) : new byte[0];
        }

        String str(int field) {
            return new String(bytes(field), StandardCharsets.UTF_8);
        }

        Msg msg(int field) {
            if (!has(field)) {
                throw new AssertionError("no field " + field + " in " + fields.keySet());
            }
            return parse(bytes(field));
        }

        List<Msg> msgs(int field) {
            List<Msg> out = new ArrayList<>();
            for (Object v : fields.getOrDefault(field, List.of())) {
                out.add(parse((byte[]) v));
            }
            return out;
        }

        @Override
        public String toString() {
            return "Msg" + fields.keySet();
        }
    }

    /** Builds a message field by field. */
    static final class W {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        W num(int field, long value) {
            writeVarint((long) field << 3);
            writeVarint(value);
            return this;
        }

        W str(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        W bytes(int field, byte[] value) {
            writeVarint(((long) field << 3) | 2);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        W msg(int field, W message) {
            return bytes(field, message.toBytes());
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        private void writeVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }

    static W w() {
        return new W();
    }

    /** One frame holding {@code messages}, each with its varint length in front. */
    static byte[] frame(W... messages) {
        W all = new W();
        for (W m : messages) {
            byte[] b = m.toBytes();
            all.writeVarint(b.length);
            all.out.writeBytes(b);
        }
        return all.toBytes();
    }
}
