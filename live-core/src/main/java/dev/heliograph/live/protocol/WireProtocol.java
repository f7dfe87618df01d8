package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.hub.WireFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The form of the Centrifuge protocol one connection speaks, chosen by the adapter at the
 * upgrade and fixed for the connection's life: {@link #JSON} (newline-separated JSON objects in
 * text frames, the default when the client asks for no subprotocol) or {@link #PROTOBUF}
 * (varint length-delimited {@code Command}/{@code Reply} messages of the public
 * {@code client.proto} in binary frames, WebSocket subprotocol {@value #PROTOBUF_SUBPROTOCOL}).
 *
 * <p>Both run through the same {@link ClientSession} state machine, outbound queue and
 * batching; only the decoding of commands, the encoding of replies and pushes, the way the
 * queue joins messages into one frame and the frame kind differ. Pushes are encoded once per
 * publication per protocol ({@link dev.heliograph.live.hub.Publication#encodeOnce}), so a
 * channel with subscribers of both encodes twice, whatever their number.
 *
 * <p>Immutable constants; thread-safe.
 */
public final class WireProtocol {

    /** The WebSocket subprotocol a Protobuf client asks for. */
    public static final String PROTOBUF_SUBPROTOCOL = "centrifuge-protobuf";

    /** Centrifuge JSON: text frames, messages joined with {@code \n}. */
    public static final WireProtocol JSON = new WireProtocol("json", null, false, '\n',
            ReplyFormat.JSON, PushEncoder.JSON, ReplyEncoder.PING, CommandDecoder::decodeInto);

    /** Centrifuge Protobuf: binary frames, length-delimited messages back to back. */
    public static final WireProtocol PROTOBUF = new WireProtocol("protobuf", PROTOBUF_SUBPROTOCOL, true, -1,
            ProtobufReplyEncoder.INSTANCE, ProtobufPushEncoder.PROTOBUF, ProtobufReplyEncoder.PING,
            ProtobufCommandDecoder::decodeInto);

    /** Decodes every command of one inbound message. */
    @FunctionalInterface
    interface Decoder {
        void decodeInto(byte[] message, List<Command> commands) throws BadRequestException;
    }

    private final String name;
    private final @Nullable String subprotocol;
    private final boolean binary;
    private final int separator;
    private final ReplyFormat replies;
    private final WireFormat<OutboundFrame> pushes;
    private final OutboundFrame ping;
    private final Decoder decoder;

    private WireProtocol(String name, @Nullable String subprotocol, boolean binary, int separator, ReplyFormat replies,
            WireFormat<OutboundFrame> pushes, byte[] ping, Decoder decoder) {
        this.name = name;
        this.subprotocol = subprotocol;
        this.binary = binary;
        this.separator = separator;
        this.replies = replies;
        this.pushes = pushes;
        this.ping = new OutboundFrame(ping, false, true); // every connection's ping: wide
        this.decoder = decoder;
    }

    /**
     * The protocol for the subprotocol an upgrade negotiated: {@link #PROTOBUF} for
     * {@value #PROTOBUF_SUBPROTOCOL}, {@link #JSON} for none (null or empty).
     *
     * @throws IllegalArgumentException for any other subprotocol
     */
    public static WireProtocol forSubprotocol(@Nullable String negotiated) {
        if (negotiated == null || negotiated.isEmpty()) {
            return JSON;
        }
        if (PROTOBUF_SUBPROTOCOL.equals(negotiated)) {
            return PROTOBUF;
        }
        throw new IllegalArgumentException("unknown Centrifuge subprotocol '" + negotiated
                + "': expected none (JSON) or " + PROTOBUF_SUBPROTOCOL);
    }

    /** The subprotocols an upgrade may negotiate besides none (JSON). */
    public static List<String> subprotocols() {
        return List.of(PROTOBUF_SUBPROTOCOL);
    }

    /** "json" or "protobuf", for logs. */
    public String name() {
        return name;
    }

    /** The WebSocket subprotocol that selects it; null for JSON (no subprotocol). */
    public @Nullable String subprotocol() {
        return subprotocol;
    }

    /** Whether it speaks in binary frames ({@link Transport#sendBinary}) rather than text frames. */
    public boolean binary() {
        return binary;
    }

    /** The byte between two messages joined into one frame, or -1 when they are self-delimited. */
    int separator() {
        return separator;
    }

    ReplyFormat replies() {
        return replies;
    }

    /** The encode-once key of its pushes. */
    WireFormat<OutboundFrame> pushes() {
        return pushes;
    }

    /** The server's ping, one shared frame. */
    OutboundFrame ping() {
        return ping;
    }

    void decodeInto(byte[] message, List<Command> commands) throws BadRequestException {
        decoder.decodeInto(requireNonNull(message, "message"), commands);
    }

    @Override
    public String toString() {
        return "WireProtocol[" + name + "]";
    }
}
