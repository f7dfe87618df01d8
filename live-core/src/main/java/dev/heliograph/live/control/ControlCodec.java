package dev.heliograph.live.control;

import dev.heliograph.live.channel.OrgChannel;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a {@link ControlMessage} between nodes: a marker byte, a format version, the
 * message type, then its fields (strings as a length and UTF-8, numbers big-endian). Nodes of
 * one version read each other; a message of another version or program is refused with
 * {@link IllegalArgumentException}. Stateless and thread-safe.
 */
public final class ControlCodec {
    private static final int MARKER = 'H';
    private static final int VERSION = 1;
    private static final int EMULATE = 1;
    private static final int DISCONNECT_USER = 2;
    private static final int UNSUBSCRIBE_USER = 3;
    /** Bounds a string so a corrupt length cannot make the reader allocate gigabytes. */
    private static final int MAX_STRING_BYTES = 16 << 20;

    private ControlCodec() {}

    /** The bytes of {@code message}, for {@code Hub#sendControl}. */
    public static byte[] encode(ControlMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(MARKER);
            out.writeByte(VERSION);
            if (message instanceof ControlMessage.Emulate e) {
                out.writeByte(EMULATE);
                string(out, e.node());
                string(out, e.session());
                string(out, e.userId());
                string(out, e.data());
            } else if (message instanceof ControlMessage.DisconnectUser d) {
                out.writeByte(DISCONNECT_USER);
                out.writeLong(d.orgId());
                string(out, d.userId());
                out.writeInt(d.code());
                string(out, d.reason());
            } else if (message instanceof ControlMessage.UnsubscribeUser u) {
                out.writeByte(UNSUBSCRIBE_USER);
                string(out, u.userId());
                string(out, u.channel().wireName());
            } else {
                throw new IllegalArgumentException("unknown control message " + message);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException for bytes that are no control message of this version */
    public static ControlMessage decode(byte[] message) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(message))) {
            if (in.readUnsignedByte() != MARKER) {
                throw new IllegalArgumentException("not a Heliograph control message");
            }
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("control message version " + version + ", this node reads " + VERSION);
            }
            int type = in.readUnsignedByte();
            ControlMessage decoded = switch (type) {
                case EMULATE -> new ControlMessage.Emulate(string(in), string(in), string(in), string(in));
                case DISCONNECT_USER -> new ControlMessage.DisconnectUser(in.readLong(), string(in), in.readInt(), string(in));
                case UNSUBSCRIBE_USER -> new ControlMessage.UnsubscribeUser(string(in), OrgChannel.parseWire(string(in)));
                default -> throw new IllegalArgumentException("unknown control message type " + type);
            };
            if (in.available() > 0) {
                throw new IllegalArgumentException("control message has " + in.available() + " trailing bytes");
            }
            return decoded;
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated control message", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING_BYTES || length > in.available()) {
            throw new IllegalArgumentException("control message string of " + length + " bytes does not fit");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
