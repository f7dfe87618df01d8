package dev.heliograph.live.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer writing protobuf wire format by hand: tags, varints and length-delimited
 * fields (bytes, strings, nested messages), for the Protobuf encoders of the Centrifuge
 * protocol. Proto3 rules: a field at its default (0, false, empty) is not written, except an
 * empty nested message, whose presence is what a reply says. Also the sizes the push encoder
 * needs to write a message into an exactly sized array. One instance per encoding; not
 * thread-safe.
 */
final class ProtobufBytes {

    static final int VARINT = 0;
    static final int LENGTH_DELIMITED = 2;

    private byte[] buf;
    private int len;

    ProtobufBytes(int capacity) {
        buf = new byte[capacity];
    }

    /** Writes {@code value} as an unsigned varint. */
    ProtobufBytes varint(long value) {
        ensure(varintSize(value));
        while ((value & ~0x7FL) != 0) {
            buf[len++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[len++] = (byte) value;
        return this;
    }

    ProtobufBytes tag(int field, int wireType) {
        return varint(((long) field << 3) | wireType);
    }

    /** A varint field; nothing when 0. */
    ProtobufBytes uint(int field, long value) {
        return value == 0 ? this : tag(field, VARINT).varint(value);
    }

    /** A bool field; nothing when false. */
    ProtobufBytes bool(int field, boolean value) {
        return value ? tag(field, VARINT).varint(1) : this;
    }

    /** A string field; nothing when null or empty. */
    ProtobufBytes string(int field, String value) {
        return value == null || value.isEmpty() ? this : bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bytes field; nothing when null or empty. */
    ProtobufBytes bytes(int field, byte[] value) {
        if (value == null || value.length == 0) {
            return this;
        }
        tag(field, LENGTH_DELIMITED).varint(value.length);
        return raw(value);
    }

    /** A nested message field, written also when empty (its presence carries meaning). */
    ProtobufBytes message(int field, ProtobufBytes message) {
        tag(field, LENGTH_DELIMITED).varint(message.len);
        ensure(message.len);
        System.arraycopy(message.buf, 0, buf, len, message.len);
        len += message.len;
        return this;
    }

    ProtobufBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    int length() {
        return len;
    }

    /** The bytes written (the array itself when it was sized exactly). */
    byte[] toArray() {
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }

    /** The content prefixed with its length as a varint: one length-delimited message of a stream. */
    byte[] toDelimited() {
        int prefix = varintSize(len);
        byte[] out = new byte[prefix + len];
        int p = writeVarint(out, 0, len);
        System.arraycopy(buf, 0, out, p, len);
        return out;
    }

    /** How many bytes {@code value} takes as an unsigned varint. */
    static int varintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    /** The size of a length-delimited field of {@code length} bytes with a one-byte tag (fields 1 to 15). */
    static int delimitedFieldSize(int length) {
        return 1 + varintSize(length) + length;
    }

    /** Writes {@code value} as a varint into {@code out} at {@code pos}; returns the position after it. */
    static int writeVarint(byte[] out, int pos, long value) {
        while ((value & ~0x7FL) != 0) {
            out[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[pos++] = (byte) value;
        return pos;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2 + 8, len + extra));
        }
    }
}
