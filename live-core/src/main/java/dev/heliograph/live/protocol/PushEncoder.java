package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.WireFormat;

/**
 * Encodes a {@link Publication} as the push every subscriber of its channel receives:
 * {@code {"push":{"channel":"<org>/<scope>/<ns>/<path>","pub":{"data":...,"info":{...}}}}}, or
 * {@code join}/{@code leave} with {@code info}. The push is the same for every subscriber, so
 * sessions call it through {@link Publication#encodeOnce} with {@link #JSON} and share one
 * {@link OutboundFrame} (its bytes, and its String once a String-sending transport asked). A
 * publication with a history position carries its {@code offset}; one without has none.
 *
 * <p>Stateless and thread-safe.
 */
final class PushEncoder {

    /** The Centrifuge JSON format: the key of the encode cache for JSON connections. */
    static final WireFormat<OutboundFrame> JSON = WireFormat.define("json", PushEncoder::encode);

    private PushEncoder() {}

    static OutboundFrame encode(Publication publication) {
        int dataLength = publication.data() == null ? 0 : publication.data().length();
        JsonBytes out = new JsonBytes(dataLength + 160);
        out.ascii("{\"push\":{\"channel\":").string(publication.channel().wireName());
        switch (publication.kind()) {
            case PUBLICATION -> writePub(out.ascii(",\"pub\":"), publication);
            case JOIN -> writeInfoEvent(out, ",\"join\":{\"info\":", requireNonNull(publication.info(), "join info"));
            case LEAVE -> writeInfoEvent(out, ",\"leave\":{\"info\":", requireNonNull(publication.info(), "leave info"));
        }
        return OutboundFrame.push(out.ascii("}}").toByteArray(), publication, publication.kind() != Publication.Kind.PUBLICATION);
    }

    /**
     * Writes a Publication object: {@code {"data":...,"info"?:{...},"offset"?:N}} (the push's
     * {@code pub}, and each entry of a subscribe or history reply's {@code publications}).
     */
    static void writePub(JsonBytes out, Publication publication) {
        out.ascii("{\"data\":").raw(requireNonNull(publication.data(), "publication data"));
        if (publication.info() != null) {
            out.ascii(",\"info\":");
            writeInfo(out, publication.info());
        }
        if (publication.position() != null) {
            out.ascii(",\"offset\":").number(publication.position().offset());
        }
        out.ch('}');
    }

    /**
     * The unsubscribe push telling a client that its positioned subscription to {@code wireChannel}
     * missed publications (2500 "insufficient state"): the client resubscribes, recovering from the
     * last offset it saw.
     */
    static OutboundFrame insufficientState(String wireChannel) {
        return new OutboundFrame(new JsonBytes(wireChannel.length() + 96)
                .ascii("{\"push\":{\"channel\":").string(wireChannel)
                .ascii(",\"unsubscribe\":{\"code\":2500,\"reason\":\"insufficient state\"}}}")
                .toByteArray());
    }

    private static void writeInfoEvent(JsonBytes out, String prefix, ClientInfo info) {
        out.ascii(prefix);
        writeInfo(out, info);
        out.ch('}');
    }

    /** Writes a ClientInfo object: user, client, and conn_info/chan_info when present. */
    static void writeInfo(JsonBytes out, ClientInfo info) {
        out.ascii("{\"user\":").string(info.user()).ascii(",\"client\":").string(info.client());
        if (info.connInfo() != null) {
            out.ascii(",\"conn_info\":").raw(info.connInfo());
        }
        if (info.chanInfo() != null) {
            out.ascii(",\"chan_info\":").raw(info.chanInfo());
        }
        out.ch('}');
    }
}
