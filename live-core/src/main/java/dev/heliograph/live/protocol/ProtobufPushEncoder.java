package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.WireFormat;
import dev.heliograph.live.json.RawJson;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a {@link Publication} as the Protobuf push every Protobuf subscriber of its channel
 * receives: one length-delimited {@code Reply} whose {@code push} (field 4) holds the
 * {@code channel} and a {@code pub} (data as raw bytes, the JSON the channel carries; info;
 * offset when the publication has a history position), a {@code join} or a {@code leave}.
 * Field numbers are those of the public {@code client.proto}. The sizes are computed first and
 * the message is written once into an exactly sized array.
 *
 * <p>Sessions call it through {@link Publication#encodeOnce} with {@link #PROTOBUF}, beside
 * {@link PushEncoder#JSON}: each format is encoded at most once per publication per node.
 * Stateless and thread-safe.
 */
final class ProtobufPushEncoder {

    /** The Centrifuge Protobuf format: the key of the encode cache for Protobuf connections. */
    static final WireFormat<OutboundFrame> PROTOBUF = WireFormat.define("protobuf", ProtobufPushEncoder::encode);

    // Reply.push, Push.channel, Push.pub/join/leave, Publication.data/info/offset, Join/Leave.info
    private static final int REPLY_PUSH = 4;
    private static final int PUSH_CHANNEL = 2;
    private static final int PUSH_PUB = 4;
    private static final int PUSH_JOIN = 5;
    private static final int PUSH_LEAVE = 6;
    private static final int PUB_DATA = 4;
    private static final int PUB_INFO = 5;
    private static final int PUB_OFFSET = 6;
    private static final int EVENT_INFO = 1;

    private ProtobufPushEncoder() {}

    static OutboundFrame encode(Publication publication) {
        byte[] channel = publication.channel().wireName().getBytes(StandardCharsets.UTF_8);
        ClientInfo info = publication.info();
        if (publication.kind() != Publication.Kind.PUBLICATION) {
            // a join or leave: only the client's info, which both always carry
            InfoBytes event = new InfoBytes(requireNonNull(info, "join/leave info"));
            int bodyField = publication.kind() == Publication.Kind.JOIN ? PUSH_JOIN : PUSH_LEAVE;
            ProtobufBytes out = pushOf(channel, bodyField, ProtobufBytes.delimitedFieldSize(event.size));
            event.writeAsField(out, EVENT_INFO);
            return OutboundFrame.push(out.toArray(), publication, true);
        }
        RawJson data = requireNonNull(publication.data(), "publication data");
        InfoBytes infoBytes = info == null ? null : new InfoBytes(info);
        int body = ProtobufBytes.delimitedFieldSize(data.length()); // the pub message
        if (infoBytes != null) {
            body += ProtobufBytes.delimitedFieldSize(infoBytes.size);
        }
        if (publication.position() != null && publication.position().offset() != 0) {
            body += 1 + ProtobufBytes.varintSize(publication.position().offset());
        }
        ProtobufBytes out = pushOf(channel, PUSH_PUB, body);
        out.tag(PUB_DATA, ProtobufBytes.LENGTH_DELIMITED).varint(data.length()).raw(data.unsafeBytes());
        if (infoBytes != null) {
            infoBytes.writeAsField(out, PUB_INFO);
        }
        if (publication.position() != null) {
            out.uint(PUB_OFFSET, publication.position().offset());
        }
        return OutboundFrame.push(out.toArray(), publication, false);
    }

    /**
     * An exactly sized {@code Reply} whose push holds {@code channel}, written up to the tag and
     * length of its {@code bodyField} ({@code body} bytes): the caller writes the body.
     */
    private static ProtobufBytes pushOf(byte[] channel, int bodyField, int body) {
        int push = ProtobufBytes.delimitedFieldSize(channel.length) + ProtobufBytes.delimitedFieldSize(body);
        int reply = ProtobufBytes.delimitedFieldSize(push);
        ProtobufBytes out = new ProtobufBytes(ProtobufBytes.varintSize(reply) + reply);
        out.varint(reply);
        out.tag(REPLY_PUSH, ProtobufBytes.LENGTH_DELIMITED).varint(push);
        out.tag(PUSH_CHANNEL, ProtobufBytes.LENGTH_DELIMITED).varint(channel.length).raw(channel);
        out.tag(bodyField, ProtobufBytes.LENGTH_DELIMITED).varint(body);
        return out;
    }

    /**
     * A {@code Publication} message (data 4, info 5, offset 6) on its own, for the publications
     * of a subscribe (recovery) or history result.
     */
    static ProtobufBytes publication(Publication publication) {
        RawJson data = requireNonNull(publication.data(), "publication data");
        ProtobufBytes out = new ProtobufBytes(data.length() + 24);
        out.bytes(PUB_DATA, data.unsafeBytes());
        if (publication.info() != null) {
            out.message(PUB_INFO, new InfoBytes(publication.info()).bytes);
        }
        if (publication.position() != null) {
            out.uint(PUB_OFFSET, publication.position().offset());
        }
        return out;
    }

    /** Writes a {@code ClientInfo} message (user 1, client 2, conn_info 3, chan_info 4) into {@code out}. */
    static void writeInfo(ProtobufBytes out, ClientInfo info) {
        out.string(1, info.user()).string(2, info.client());
        if (info.connInfo() != null) {
            out.bytes(3, info.connInfo().unsafeBytes());
        }
        if (info.chanInfo() != null) {
            out.bytes(4, info.chanInfo().unsafeBytes());
        }
    }

    /** A {@code ClientInfo} encoded ahead, so that its size is known before it is written. */
    private static final class InfoBytes {
        final ProtobufBytes bytes;
        final int size;

        InfoBytes(ClientInfo info) {
            bytes = new ProtobufBytes(info.user().length() + info.client().length() + 8);
            writeInfo(bytes, info);
            size = bytes.length();
        }

        void writeAsField(ProtobufBytes out, int field) {
            out.message(field, bytes);
        }
    }
}
