package dev.heliograph.live.protocol;

import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.HistoryResult;
import dev.heliograph.live.hub.PresenceStats;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import dev.heliograph.live.json.RawJson;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Protobuf replies: each a length-delimited {@code Reply} of the public {@code client.proto}
 * with its {@code id} (1) and either {@code error} (2) or the result of its method (connect 5,
 * subscribe 6, unsubscribe 7, publish 8, presence 9, presence_stats 10, history 11, rpc 13,
 * refresh 14, sub_refresh 15), present also when empty. Data fields carry the JSON bytes of the
 * value as they are. Stateless and thread-safe; {@link ClientSession} calls it through
 * {@link WireProtocol#PROTOBUF}.
 */
final class ProtobufReplyEncoder implements ReplyFormat {

    static final ProtobufReplyEncoder INSTANCE = new ProtobufReplyEncoder();

    /** The server's ping: an empty {@code Reply}, i.e. its length 0. */
    static final byte[] PING = {0};

    private static final int REPLY_ID = 1;
    private static final int REPLY_ERROR = 2;
    private static final int REPLY_PUSH = 4;

    private ProtobufReplyEncoder() {}

    /** The field of {@code Reply} that holds the result of {@code method}. */
    static int resultField(Method method) {
        return switch (method) {
            case CONNECT -> 5;
            case SUBSCRIBE -> 6;
            case UNSUBSCRIBE -> 7;
            case PUBLISH -> 8;
            case PRESENCE -> 9;
            case PRESENCE_STATS -> 10;
            case HISTORY -> 11;
            case RPC -> 13;
            case REFRESH -> 14;
            case SUB_REFRESH -> 15;
            case SEND -> throw new IllegalArgumentException("send has no reply");
        };
    }

    @Override
    public byte[] empty(long id, Method method) {
        return reply(id, method, new ProtobufBytes(0));
    }

    @Override
    public byte[] connect(long id, String client, String version, long pingSeconds, long ttlSeconds) {
        ProtobufBytes result = new ProtobufBytes(96)
                .string(1, client)
                .string(2, version)
                .bool(3, ttlSeconds > 0)
                .uint(4, Math.max(0, ttlSeconds))
                .uint(7, pingSeconds)
                .bool(8, true);
        return reply(id, Method.CONNECT, result);
    }

    @Override
    public byte[] subscribe(long id, @Nullable RawJson data, long ttlSeconds) {
        ProtobufBytes result = new ProtobufBytes((data == null ? 0 : data.length()) + 16)
                .bool(1, ttlSeconds > 0)
                .uint(2, Math.max(0, ttlSeconds));
        if (data != null) {
            result.bytes(11, data.unsafeBytes());
        }
        return reply(id, Method.SUBSCRIBE, result);
    }

    /**
     * {@code SubscribeResult}: expires 1, ttl 2, recoverable 3, epoch 6, publications 7,
     * recovered 8, offset 9, positioned 10, data 11, was_recovering 12.
     */
    @Override
    public byte[] subscribePositioned(long id, @Nullable RawJson data, StreamPosition position, boolean wasRecovering,
            boolean recovered, List<Publication> publications, long ttlSeconds) {
        ProtobufBytes result = new ProtobufBytes(64 + (data == null ? 0 : data.length()) + 96 * publications.size())
                .bool(1, ttlSeconds > 0)
                .uint(2, Math.max(0, ttlSeconds))
                .bool(3, true)
                .string(6, position.epoch());
        for (Publication publication : publications) {
            result.message(7, ProtobufPushEncoder.publication(publication));
        }
        result.bool(8, recovered)
                .uint(9, position.offset())
                .bool(10, true);
        if (data != null) {
            result.bytes(11, data.unsafeBytes());
        }
        result.bool(12, wasRecovering);
        return reply(id, Method.SUBSCRIBE, result);
    }

    /** {@code HistoryResult}: publications 1, epoch 2, offset 3. */
    @Override
    public byte[] history(long id, HistoryResult result) {
        ProtobufBytes out = new ProtobufBytes(32 + 96 * result.publications().size());
        for (Publication publication : result.publications()) {
            out.message(1, ProtobufPushEncoder.publication(publication));
        }
        out.string(2, result.top().epoch()).uint(3, result.top().offset());
        return reply(id, Method.HISTORY, out);
    }

    @Override
    public OutboundFrame insufficientState(String wireChannel) {
        return new OutboundFrame(unsubscribePush(wireChannel, 2500, "insufficient state"));
    }

    @Override
    public byte[] subRefresh(long id, long ttlSeconds) {
        return reply(id, Method.SUB_REFRESH, new ProtobufBytes(8).bool(1, ttlSeconds > 0).uint(2, Math.max(0, ttlSeconds)));
    }

    @Override
    public byte[] unsubscribePush(String channel, int code, String reason) {
        ProtobufBytes unsubscribe = new ProtobufBytes(reason.length() + 8).uint(2, code).string(3, reason);
        ProtobufBytes push = new ProtobufBytes(channel.length() + unsubscribe.length() + 8)
                .string(2, channel)
                .message(7, unsubscribe);
        return new ProtobufBytes(push.length() + 4).message(REPLY_PUSH, push).toDelimited();
    }

    @Override
    public byte[] withData(long id, Method method, @Nullable RawJson data) {
        int field = method == Method.SUBSCRIBE ? 11 : 1; // SubscribeResult.data, RPCResult.data
        ProtobufBytes result = new ProtobufBytes(data == null ? 0 : data.length() + 4);
        if (data != null) {
            result.bytes(field, data.unsafeBytes());
        }
        return reply(id, method, result);
    }

    @Override
    public byte[] presence(long id, Map<String, ClientInfo> present) {
        ProtobufBytes result = new ProtobufBytes(64 * present.size() + 8);
        for (Map.Entry<String, ClientInfo> e : present.entrySet()) {
            ProtobufBytes info = new ProtobufBytes(64);
            ProtobufPushEncoder.writeInfo(info, e.getValue());
            ProtobufBytes entry = new ProtobufBytes(info.length() + e.getKey().length() + 8)
                    .string(1, e.getKey())
                    .message(2, info);
            result.message(1, entry); // map<string, ClientInfo> presence = 1
        }
        return reply(id, Method.PRESENCE, result);
    }

    @Override
    public byte[] presenceStats(long id, PresenceStats stats) {
        return reply(id, Method.PRESENCE_STATS, new ProtobufBytes(12).uint(1, stats.numClients()).uint(2, stats.numUsers()));
    }

    @Override
    public byte[] refresh(long id, String client, String version, long ttlSeconds) {
        ProtobufBytes result = new ProtobufBytes(64)
                .string(1, client)
                .string(2, version)
                .bool(3, ttlSeconds > 0)
                .uint(4, Math.max(0, ttlSeconds));
        return reply(id, Method.REFRESH, result);
    }

    @Override
    public byte[] error(long id, ReplyError error) {
        ProtobufBytes e = new ProtobufBytes(error.message().length() + 12)
                .uint(1, error.code())
                .string(2, error.message())
                .bool(3, error.temporary());
        return new ProtobufBytes(e.length() + 12).uint(REPLY_ID, id).message(REPLY_ERROR, e).toDelimited();
    }

    private static byte[] reply(long id, Method method, ProtobufBytes result) {
        return new ProtobufBytes(result.length() + 12)
                .uint(REPLY_ID, id)
                .message(resultField(method), result)
                .toDelimited();
    }
}
