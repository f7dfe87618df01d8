package dev.heliograph.live.redis;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import dev.heliograph.live.json.RawJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The compact binary form of a {@link Publication} on Redis PUB/SUB, and of a presence entry.
 * The channel is not in the message (the PUB/SUB channel names it); the data bytes are copied
 * as they are, never re-encoded or re-parsed.
 *
 * <pre>
 * message  = version(1) kind(1) flags(1) [position] [info] [data: the remaining bytes, publications only]
 * position = offset epoch                           version 2 only: offset in decimal ASCII, each
 *                                                   a varint length + bytes
 * info     = user client [connInfo] [chanInfo]      each a varint length + UTF-8 bytes
 * flags    = 1: info present, 2: connInfo present, 4: chanInfo present
 * </pre>
 *
 * <p>Java only writes version 1 ({@link #encode}). Version 2 is a version-1 message with the
 * publication's history position inserted after the header; the history Lua script of
 * {@link RedisHistory} builds it once Redis assigned the offset, so a node that reads only
 * version 1 skips positioned messages instead of misreading them. Both versions are read.
 *
 * <p>Stateless; any thread. Decoding rejects a malformed message with
 * {@link MalformedMessageException} (someone else wrote to our channel), which the listener
 * logs and skips.
 */
final class MessageCodec {
    static final byte VERSION = 1;
    /** A version-1 message with a position after the header; written by the history script. */
    static final byte POSITIONED = 2;
    private static final int HAS_INFO = 1;
    private static final int HAS_CONN_INFO = 2;
    private static final int HAS_CHAN_INFO = 4;
    private static final Publication.Kind[] KINDS = Publication.Kind.values();

    private MessageCodec() {}

    static byte[] encode(Publication p) {
        ClientInfo info = p.info();
        RawJson data = p.data();
        byte[] user = null;
        byte[] client = null;
        int size = 3;
        if (info != null) {
            user = info.user().getBytes(StandardCharsets.UTF_8);
            client = info.client().getBytes(StandardCharsets.UTF_8);
            size += sized(user.length) + sized(client.length) + optionalSize(info.connInfo()) + optionalSize(info.chanInfo());
        }
        if (data != null) {
            size += data.length();
        }
        byte[] out = new byte[size];
        out[0] = VERSION;
        out[1] = (byte) p.kind().ordinal();
        int pos = 3;
        if (info != null) {
            out[2] = (byte) flags(info);
            pos = put(out, pos, requireNonNull(user));
            pos = put(out, pos, requireNonNull(client));
            if (info.connInfo() != null) {
                pos = put(out, pos, info.connInfo().unsafeBytes());
            }
            if (info.chanInfo() != null) {
                pos = put(out, pos, info.chanInfo().unsafeBytes());
            }
        }
        if (data != null) {
            byte[] d = data.unsafeBytes();
            System.arraycopy(d, 0, out, pos, d.length);
        }
        return out;
    }

    /** Reads a version-1 or version-2 message; a version-2 one comes back with its position. */
    static Publication decode(OrgChannel channel, byte[] m) {
        if (m.length < 3 || (m[0] != VERSION && m[0] != POSITIONED) || m[1] < 0 || m[1] >= KINDS.length) {
            throw new MalformedMessageException("not a version-" + VERSION + " or -" + POSITIONED + " message ("
                    + m.length + " bytes)");
        }
        Publication.Kind kind = KINDS[m[1]];
        int flags = m[2];
        Reader r = new Reader(m, 3);
        StreamPosition position = null;
        if (m[0] == POSITIONED) {
            if (kind != Publication.Kind.PUBLICATION) {
                throw new MalformedMessageException("a positioned " + kind + " (only publications have a position)");
            }
            position = new StreamPosition(parseOffset(r.string()), r.string());
        }
        ClientInfo info = (flags & HAS_INFO) != 0 ? r.info(flags) : null;
        return switch (kind) {
            case PUBLICATION -> {
                if (r.pos >= m.length) {
                    throw new MalformedMessageException("publication without data");
                }
                Publication p = Publication.of(channel, RawJson.trusted(Arrays.copyOfRange(m, r.pos, m.length)), info);
                yield position == null ? p : p.at(position);
            }
            case JOIN -> Publication.join(channel, requireInfo(info));
            case LEAVE -> Publication.leave(channel, requireInfo(info));
        };
    }

    /** A decimal offset as the history script writes it (also a stream entry id's first part). */
    static long parseOffset(String s) {
        if (s.isEmpty() || s.length() > 18) {
            throw new MalformedMessageException("offset '" + s + "' is not a decimal of 1 to 18 digits");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedMessageException("offset '" + s + "' is not a decimal number");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A presence entry: the info part of a message. */
    static byte[] encodeInfo(ClientInfo info) {
        byte[] user = info.user().getBytes(StandardCharsets.UTF_8);
        byte[] client = info.client().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + sized(user.length) + sized(client.length) + optionalSize(info.connInfo())
                + optionalSize(info.chanInfo())];
        out[0] = (byte) flags(info);
        int pos = put(out, 1, user);
        pos = put(out, pos, client);
        if (info.connInfo() != null) {
            pos = put(out, pos, info.connInfo().unsafeBytes());
        }
        if (info.chanInfo() != null) {
            put(out, pos, info.chanInfo().unsafeBytes());
        }
        return out;
    }

    static ClientInfo decodeInfo(byte[] m) {
        if (m.length < 1) {
            throw new MalformedMessageException("empty presence entry");
        }
        return new Reader(m, 1).info(m[0]);
    }

    private static ClientInfo requireInfo(@Nullable ClientInfo info) {
        if (info == null) {
            throw new MalformedMessageException("join/leave without client info");
        }
        return info;
    }

    private static int flags(ClientInfo info) {
        return HAS_INFO | (info.connInfo() != null ? HAS_CONN_INFO : 0) | (info.chanInfo() != null ? HAS_CHAN_INFO : 0);
    }

    private static int optionalSize(@Nullable RawJson json) {
        return json == null ? 0 : sized(json.length());
    }

    private static int sized(int length) {
        return varintSize(length) + length;
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static int put(byte[] out, int pos, byte[] bytes) {
        int v = bytes.length;
        while ((v & ~0x7F) != 0) {
            out[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[pos++] = (byte) v;
        System.arraycopy(bytes, 0, out, pos, bytes.length);
        return pos + bytes.length;
    }

    private static final class Reader {
        private final byte[] m;
        private int pos;

        Reader(byte[] m, int pos) {
            this.m = m;
            this.pos = pos;
        }

        ClientInfo info(int flags) {
            String user = string();
            String client = string();
            RawJson conn = (flags & HAS_CONN_INFO) != 0 ? RawJson.trusted(bytes()) : null;
            RawJson chan = (flags & HAS_CHAN_INFO) != 0 ? RawJson.trusted(bytes()) : null;
            return new ClientInfo(user, client, conn, chan);
        }

        private String string() {
            int len = length();
            String s = new String(m, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        private byte[] bytes() {
            int len = length();
            byte[] b = Arrays.copyOfRange(m, pos, pos + len);
            pos += len;
            return b;
        }

        private int length() {
            int v = 0;
            for (int shift = 0; shift < 32; shift += 7) {
                if (pos >= m.length) {
                    throw new MalformedMessageException("truncated length at byte " + pos);
                }
                byte b = m[pos++];
                v |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (v < 0 || v > m.length - pos) {
                        throw new MalformedMessageException("field of " + v + " bytes overruns the message at byte " + pos);
                    }
                    return v;
                }
            }
            throw new MalformedMessageException("length varint too long at byte " + pos);
        }
    }

    /** A message on our channel that we did not write. */
    static final class MalformedMessageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedMessageException(String message) {
            super(message);
        }
    }
}
