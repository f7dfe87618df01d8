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
 * The replies (and the server-side unsubscribe push) of one {@link WireProtocol}, each as one
 * complete message of that protocol: a JSON object for {@link ReplyEncoder}, a varint
 * length-delimited {@code Reply} for {@link ProtobufReplyEncoder}. {@link ClientSession} calls
 * it on whichever thread produces the reply. Implementations are stateless and thread-safe.
 */
interface ReplyFormat {

    /** A reply whose result is empty. */
    byte[] empty(long id, Method method);

    /** The connect result; {@code ttlSeconds} above 0 says it expires. */
    byte[] connect(long id, String client, String version, long pingSeconds, long ttlSeconds);

    /** The subscribe result: optional initial data, an expiry when {@code ttlSeconds} above 0. */
    byte[] subscribe(long id, @Nullable RawJson data, long ttlSeconds);

    /**
     * The subscribe result of a positioned channel: initial data, the stream's epoch and offset,
     * and when the client asked to recover, whether it was and the recovered publications (in
     * offset order); an expiry when {@code ttlSeconds} above 0.
     */
    byte[] subscribePositioned(long id, @Nullable RawJson data, StreamPosition position, boolean wasRecovering,
            boolean recovered, List<Publication> publications, long ttlSeconds);

    /** The history result: the publications read and the stream's current epoch and offset. */
    byte[] history(long id, HistoryResult result);

    /**
     * The unsubscribe push (2500 "insufficient state") telling a client that its positioned
     * subscription to {@code wireChannel} missed publications.
     */
    OutboundFrame insufficientState(String wireChannel);

    /** The sub_refresh result. */
    byte[] subRefresh(long id, long ttlSeconds);

    /** A server unsubscribe push for {@code channel}. */
    byte[] unsubscribePush(String channel, int code, String reason);

    /** A result holding only optional data: subscribe (initial data) and rpc. */
    byte[] withData(long id, Method method, @Nullable RawJson data);

    byte[] presence(long id, Map<String, ClientInfo> present);

    byte[] presenceStats(long id, PresenceStats stats);

    /** The refresh result; {@code ttlSeconds} above 0 says it expires. */
    byte[] refresh(long id, String client, String version, long ttlSeconds);

    byte[] error(long id, ReplyError error);

    /** The JSON replies of {@link ReplyEncoder}. */
    ReplyFormat JSON = new ReplyFormat() {
        @Override
        public byte[] empty(long id, Method method) {
            return ReplyEncoder.empty(id, method);
        }

        @Override
        public byte[] connect(long id, String client, String version, long pingSeconds, long ttlSeconds) {
            return ReplyEncoder.connect(id, client, version, pingSeconds, ttlSeconds);
        }

        @Override
        public byte[] subscribe(long id, @Nullable RawJson data, long ttlSeconds) {
            return ReplyEncoder.subscribe(id, data, ttlSeconds);
        }

        @Override
        public byte[] subscribePositioned(long id, @Nullable RawJson data, StreamPosition position,
                boolean wasRecovering, boolean recovered, List<Publication> publications, long ttlSeconds) {
            return ReplyEncoder.subscribePositioned(id, data, position, wasRecovering, recovered, publications,
                    ttlSeconds);
        }

        @Override
        public byte[] history(long id, HistoryResult result) {
            return ReplyEncoder.history(id, result);
        }

        @Override
        public OutboundFrame insufficientState(String wireChannel) {
            return PushEncoder.insufficientState(wireChannel);
        }

        @Override
        public byte[] subRefresh(long id, long ttlSeconds) {
            return ReplyEncoder.subRefresh(id, ttlSeconds);
        }

        @Override
        public byte[] unsubscribePush(String channel, int code, String reason) {
            return ReplyEncoder.unsubscribePush(channel, code, reason);
        }

        @Override
        public byte[] withData(long id, Method method, @Nullable RawJson data) {
            return ReplyEncoder.withData(id, method, data);
        }

        @Override
        public byte[] presence(long id, Map<String, ClientInfo> present) {
            return ReplyEncoder.presence(id, present);
        }

        @Override
        public byte[] presenceStats(long id, PresenceStats stats) {
            return ReplyEncoder.presenceStats(id, stats);
        }

        @Override
        public byte[] refresh(long id, String client, String version, long ttlSeconds) {
            return ReplyEncoder.refresh(id, client, version, ttlSeconds);
        }

        @Override
        public byte[] error(long id, ReplyError error) {
            return ReplyEncoder.error(id, error);
        }
    };
}
