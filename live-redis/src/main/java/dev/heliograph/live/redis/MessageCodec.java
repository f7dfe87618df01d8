package dev.heliograph.live.redis;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.json.RawJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The compact binary form of a {@link Publication} on Redis PUB/SUB, and of a presence entry.
 * The channel is not in the message (the PUB/SUB channel names it); the data bytes are copied
 * as they are, never re-encoded or re-parsed.
 *
 * <pre>
 * message  = version(1) kind(1) flags(1) [info] [data: the remaining bytes, publications only]
 * info     = user client [connInfo] [chanInfo]      each a varint length + UTF-8 bytes
 * flags    = 1: info present, 2: connInfo present, 4: chanInfo present
 * </pre>
 *
 * <p>Stateless; any thread. Decoding rejects a malformed message with
 * {@link MalformedMessageException} (someone else wrote to our channel), which the listener
 * logs and skips.
 */
final class MessageCodec {
    static final byte VERSION = 1;
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
            pos = put(out, pos, user);
            pos = put(out, pos, client);
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

    static Publication decode(OrgChannel channel, byte[] m) {
        if (m.length < 3 || m[0] != VERSION || m[1] < 0 || m[1] >= KINDS.length) {
            throw new MalformedMessageException("not a version-" + VERSION + " message (" + m.length + " bytes)");
        }
        Publication.Kind kind = KINDS[m[1]];
        int flags = m[2];
        Reader r = new Reader(m, 3);
        ClientInfo info = (flags & HAS_INFO) != 0 ? r.info(flags) : null;
        return switch (kind) {
            case PUBLICATION -> {
                if (r.pos >= m.length) {
                    throw new MalformedMessageException("publication without data");
                }
                yield Publication.of(channel, RawJson.trusted(Arrays.copyOfRange(m, r.pos, m.length)), info);
            }
            case JOIN -> Publication.join(channel, requireInfo(info));
            case LEAVE -> Publication.leave(channel, requireInfo(info));
        };
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

    private static ClientInfo requireInfo(ClientInfo info) {
        if (info == null) {
            throw new MalformedMessageException("join/leave without client info");
        }
        return info;
    }

    private static int flags(ClientInfo info) {
        return HAS_INFO | (info.connInfo() != null ? HAS_CONN_INFO : 0) | (info.chanInfo() != null ? HAS_CHAN_INFO : 0);
    }

    private static int optionalSize(RawJson json) {
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
