package dev.heliograph.live.protocol;

import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.HistoryResult;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import dev.heliograph.live.hub.PresenceStats;
import dev.heliograph.live.json.RawJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Encodes the server's replies: {@code {"id":N,"<method>":{result}}} (the result object is always
 * present, even when empty) or {@code {"id":N,"error":{"code":C,"message":"..."}}}. Stateless.
 */
final class ReplyEncoder {

    /** The server's ping. */
    static final byte[] PING = "{}".getBytes(StandardCharsets.UTF_8);

    private ReplyEncoder() {}

    /** A reply with an empty result: {@code {"id":N,"<method>":{}}}. */
    static byte[] empty(long id, Method method) {
        return head(id, method, 0).ascii("{}}").toByteArray();
    }

    /** The connect result; {@code ttlSeconds} above 0 adds {@code "expires":true,"ttl":N}. */
    static byte[] connect(long id, String client, String version, long pingSeconds, long ttlSeconds) {
        return connectFields(id, client, version, pingSeconds, ttlSeconds).ascii("}}").toByteArray();
    }

    /**
     * The connect result of an emulated connection: also the {@code session} and {@code node}
     * its client names when it posts commands (a WebSocket's has neither: the overload above).
     */
    static byte[] connect(long id, String client, String version, long pingSeconds, long ttlSeconds,
            String session, String node) {
        return connectFields(id, client, version, pingSeconds, ttlSeconds)
                .ascii(",\"session\":").string(session).ascii(",\"node\":").string(node)
                .ascii("}}").toByteArray();
    }

    /** The connect result's fields that every connection gets, its object left open. */
    private static JsonBytes connectFields(long id, String client, String version, long pingSeconds, long ttlSeconds) {
        JsonBytes out = head(id, Method.CONNECT, 160)
                .ascii("{\"client\":")
                .string(client)
                .ascii(",\"version\":")
                .string(version)
                .ascii(",\"ping\":")
                .number(pingSeconds)
                .ascii(",\"pong\":true");
        if (ttlSeconds > 0) {
            out.ascii(",\"expires\":true,\"ttl\":").number(ttlSeconds);
        }
        return out;
    }

    /** The subscribe result: optional initial {@code data}, and {@code expires}/{@code ttl} when {@code ttlSeconds} > 0. */
    static byte[] subscribe(long id, @Nullable RawJson data, long ttlSeconds) {
        if (ttlSeconds <= 0) {
            return withData(id, Method.SUBSCRIBE, data);
        }
        JsonBytes out = head(id, Method.SUBSCRIBE, (data == null ? 0 : data.length()) + 48)
                .ascii("{\"expires\":true,\"ttl\":")
                .number(ttlSeconds);
        if (data != null) {
            out.ascii(",\"data\":").raw(data);
        }
        return out.ascii("}}").toByteArray();
    }

    /** The sub_refresh result: {@code {"expires":true,"ttl":N}}, or {@code {}} without expiry. */
    static byte[] subRefresh(long id, long ttlSeconds) {
        if (ttlSeconds <= 0) {
            return empty(id, Method.SUB_REFRESH);
        }
        return head(id, Method.SUB_REFRESH, 32)
                .ascii("{\"expires\":true,\"ttl\":")
                .number(ttlSeconds)
                .ascii("}}")
                .toByteArray();
    }

    /** A server unsubscribe push: {@code {"push":{"channel":"...","unsubscribe":{"code":C,"reason":"..."}}}}. */
    static byte[] unsubscribePush(String channel, int code, String reason) {
        return new JsonBytes(64 + channel.length() + reason.length())
                .ascii("{\"push\":{\"channel\":")
                .string(channel)
                .ascii(",\"unsubscribe\":{\"code\":")
                .number(code)
                .ascii(",\"reason\":")
                .string(reason)
                .ascii("}}}")
                .toByteArray();
    }

    /** A result holding only optional {@code data}: subscribe (initial data) and rpc. */
    static byte[] withData(long id, Method method, @Nullable RawJson data) {
        if (data == null) {
            return empty(id, method);
        }
        return head(id, method, data.length() + 12)
                .ascii("{\"data\":")
                .raw(data)
                .ascii("}}")
                .toByteArray();
    }

    /**
     * The result of a subscribe to a positioned channel: {@code data} (initial data, when any),
     * {@code recoverable}, {@code positioned}, the stream's {@code epoch} and {@code offset}, and
     * when the client asked to recover, {@code was_recovering}, {@code recovered} and the
     * recovered {@code publications} (in offset order); {@code expires}/{@code ttl} when
     * {@code ttlSeconds} > 0 (a subscription token with an expiry).
     */
    static byte[] subscribePositioned(long id, @Nullable RawJson data, StreamPosition position, boolean wasRecovering,
            boolean recovered, List<Publication> publications, long ttlSeconds) {
        JsonBytes out = head(id, Method.SUBSCRIBE, 128 + (data == null ? 0 : data.length()) + 128 * publications.size())
                .ch('{');
        if (ttlSeconds > 0) {
            out.ascii("\"expires\":true,\"ttl\":").number(ttlSeconds).ch(',');
        }
        if (data != null) {
            out.ascii("\"data\":").raw(data).ch(',');
        }
        out.ascii("\"recoverable\":true,\"positioned\":true,\"epoch\":").string(position.epoch())
                .ascii(",\"offset\":").number(position.offset());
        if (!publications.isEmpty()) {
            writePublications(out.ch(','), publications);
        }
        if (wasRecovering) {
            out.ascii(",\"was_recovering\":true");
        }
        if (recovered) {
            out.ascii(",\"recovered\":true");
        }
        return out.ascii("}}").toByteArray();
    }

    /** The result of a history read: {@code {"publications":[...],"epoch":"...","offset":N}}. */
    static byte[] history(long id, HistoryResult result) {
        JsonBytes out = head(id, Method.HISTORY, 64 + 128 * result.publications().size()).ch('{');
        writePublications(out, result.publications());
        return out.ascii(",\"epoch\":").string(result.top().epoch())
                .ascii(",\"offset\":").number(result.top().offset())
                .ascii("}}").toByteArray();
    }

    private static void writePublications(JsonBytes out, List<Publication> publications) {
        out.ascii("\"publications\":[");
        for (int i = 0; i < publications.size(); i++) {
            if (i > 0) {
                out.ch(',');
            }
            PushEncoder.writePub(out, publications.get(i));
        }
        out.ch(']');
    }

    static byte[] presence(long id, Map<String, ClientInfo> present) {
        JsonBytes out = head(id, Method.PRESENCE, 64 * present.size() + 16).ascii("{\"presence\":{");
        boolean first = true;
        for (Map.Entry<String, ClientInfo> e : present.entrySet()) {
            if (!first) {
                out.ch(',');
            }
            first = false;
            out.string(e.getKey()).ch(':');
            PushEncoder.writeInfo(out, e.getValue());
        }
        return out.ascii("}}}").toByteArray();
    }

    static byte[] presenceStats(long id, PresenceStats stats) {
        return head(id, Method.PRESENCE_STATS, 48)
                .ascii("{\"num_clients\":")
                .number(stats.numClients())
                .ascii(",\"num_users\":")
                .number(stats.numUsers())
                .ascii("}}")
                .toByteArray();
    }

    /** The refresh result; {@code ttlSeconds} above 0 adds {@code "expires":true,"ttl":N}. */
    static byte[] refresh(long id, String client, String version, long ttlSeconds) {
        JsonBytes out = head(id, Method.REFRESH, 64)
                .ascii("{\"client\":")
                .string(client)
                .ascii(",\"version\":")
                .string(version);
        if (ttlSeconds > 0) {
            out.ascii(",\"expires\":true,\"ttl\":").number(ttlSeconds);
        }
        return out.ascii("}}").toByteArray();
    }

    static byte[] error(long id, ReplyError error) {
        JsonBytes out = new JsonBytes(48 + error.message().length())
                .ascii("{\"id\":")
                .number(id)
                .ascii(",\"error\":{\"code\":")
                .number(error.code())
                .ascii(",\"message\":")
                .string(error.message());
        if (error.temporary()) {
            out.ascii(",\"temporary\":true");
        }
        return out.ascii("}}").toByteArray();
    }

    private static JsonBytes head(long id, Method method, int extra) {
        return new JsonBytes(24 + method.field().length() + extra)
                .ascii("{\"id\":")
                .number(id)
                .ascii(",\"")
                .ascii(method.field())
                .ascii("\":");
    }
}
