package dev.heliograph.live.redis;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.HistoryOptions;
import dev.heliograph.live.hub.HistoryQuery;
import dev.heliograph.live.hub.HistoryResult;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Channel history in Redis: the two Lua scripts and what their arguments and answers mean.
 * Per channel (see {@link KeySpace}) a stream whose entry ids are the offsets ({@code 7-0} is
 * offset 7) with the encoded message and its expiry time, and a meta hash with the epoch and the
 * top offset. {@link RedisHub} queues both scripts on its {@link Publisher}, so history writes
 * and reads are pipelined in order with the plain publishes.
 *
 * <p><b>Publish</b> ({@link #PUBLISH}), atomically: take the epoch and top offset from the meta
 * hash, or start a new epoch (the random one Java passed in) when the hash is missing, when it
 * counts publications but the stream is gone (evicted, deleted: offsets must not go on over a
 * hole), or when it was written by another Redis process (see below); {@code XADD} the message at
 * the next offset with {@code MAXLEN ~ size}; write the offset and size to the meta hash;
 * {@code PEXPIRE} both keys to the TTL; {@code PUBLISH} the version-2 message carrying offset and
 * epoch. What history holds was therefore broadcast, in offset order, and the other way round.
 *
 * <p><b>Why {@code MAXLEN ~} and a bound on read.</b> Exact {@code MAXLEN} removes one entry from
 * the head stream node on every publish once the stream is full; measured on Redis 7.0 the whole
 * script ran about 1.5 times faster with {@code ~}, which trims whole nodes only (the stream may
 * keep up to one node, 100 entries by default, beyond the size). The size bound is then enforced
 * where it is visible: ids are offsets and the meta hash keeps the size of the latest publish, so
 * a read never answers an offset at or below {@code top - size}. Memory per channel stays bounded
 * by size plus one stream node.
 *
 * <p><b>Expiry.</b> Both keys get the TTL of the latest publish, so a stream lives as long as its
 * newest publication, like the in-memory engine; once they are gone the next publish or read
 * starts a new epoch. Each entry also carries its own expiry (publish time on Redis's clock plus
 * the TTL), and reads skip expired entries, so a publication is never answered after its TTL
 * even while newer ones keep the stream alive. A read of a channel without history creates the
 * meta hash (offset 0, new epoch) for {@code emptyTtl}, so the epoch a subscriber saw is the one
 * the next publish uses.
 *
 * <p><b>Another Redis process, another epoch.</b> The meta hash records the {@code run_id} of the
 * Redis process that started its epoch. Redis replicates and persists asynchronously: a replica
 * promoted by Sentinel, or a server restarted from its AOF or RDB file, may hold the stream minus
 * its last publications, and would hand their offsets to new ones; a node or client that saw the
 * lost ones would then take the new ones for duplicates. So a script that finds a run id other
 * than the current server's starts a new epoch (and drops the old stream): history survives
 * connection cuts and reconnects, never a restart or failover, and whoever recovers across one
 * is told it was not recovered. Without {@code INFO} (renamed command) the run id is empty and
 * this check is off.
 *
 * <p>Immutable; any thread.
 */
final class RedisHistory {

    /**
     * KEYS: stream, meta. ARGV: PUB/SUB channel, version-1 message, size, TTL ms, epoch to start,
     * server run id. Returns {offset, epoch}. In the common case (the stream exists) one
     * {@code XADD NOMKSTREAM}: a nil answer there for an offset above 1 means the stream was
     * lost, with no {@code EXISTS} call on every publish.
     */
    static final LuaScript PUBLISH = new LuaScript("""
            local meta = redis.call('HMGET', KEYS[2], 'e', 'o', 'r')
            local epoch = meta[1]
            local o = tonumber(meta[2] or '0') + 1
            if not epoch or meta[3] ~= ARGV[6] then
              epoch = ARGV[5]
              o = 1
            end
            local t = redis.call('TIME')
            local x = string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[4]))
            if o > 1 and not redis.call('XADD', KEYS[1], 'NOMKSTREAM', 'MAXLEN', '~', ARGV[3],
                string.format('%d', o) .. '-0', 'x', x, 'd', ARGV[2]) then
              epoch = ARGV[5]
              o = 1
            end
            if o == 1 then
              redis.call('DEL', KEYS[1])
              redis.call('XADD', KEYS[1], '1-0', 'x', x, 'd', ARGV[2])
            end
            local id = string.format('%d', o)
            redis.call('HSET', KEYS[2], 'e', epoch, 'o', id, 'r', ARGV[6], 's', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            local m = ARGV[2]
            redis.call('PUBLISH', ARGV[1], '\\2' .. string.sub(m, 2, 3) .. string.char(#id) .. id
              .. string.char(#epoch) .. epoch .. string.sub(m, 4))
            return {id, epoch}
            """);

    /**
     * KEYS: stream, meta. ARGV: epoch to start, empty TTL ms, since offset ('' for none), since
     * epoch, limit (0 top only, negative all), reverse ('1' or '0'), server run id.
     * Returns {epoch, top, offset, message, offset, message, ...}. Offsets at or below
     * {@code top - size} are never answered (the approximate trim may keep a few more).
     */
    static final LuaScript READ = new LuaScript("""
            local meta = redis.call('HMGET', KEYS[2], 'e', 'o', 'r', 's')
            local epoch = meta[1]
            local top = tonumber(meta[2] or '0')
            if not epoch or meta[3] ~= ARGV[7] or (top > 0 and redis.call('EXISTS', KEYS[1]) == 0) then
              epoch = ARGV[1]
              top = 0
              redis.call('DEL', KEYS[1], KEYS[2])
              redis.call('HSET', KEYS[2], 'e', epoch, 'o', 0, 'r', ARGV[7])
              redis.call('PEXPIRE', KEYS[2], ARGV[2])
            end
            local out = {epoch, string.format('%d', top)}
            local limit = tonumber(ARGV[5])
            if limit == 0 or top == 0 then return out end
            local reverse = ARGV[6] == '1'
            local first = top - tonumber(meta[4] or '0') + 1
            if first < 1 then first = 1 end
            local lo, hi = first, top
            if ARGV[3] ~= '' and ARGV[4] == epoch then
              local since = tonumber(ARGV[3])
              if reverse then
                if since - 1 < hi then hi = since - 1 end
              else
                if since + 1 > lo then lo = since + 1 end
              end
            end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local found = 0
            while lo <= hi do
              local want = 256
              if limit > 0 and limit - found < want then want = limit - found end
              local from, to = string.format('%d', lo) .. '-0', string.format('%d', hi) .. '-0'
              local entries
              if reverse then
                entries = redis.call('XREVRANGE', KEYS[1], to, from, 'COUNT', want)
              else
                entries = redis.call('XRANGE', KEYS[1], from, to, 'COUNT', want)
              end
              for _, e in ipairs(entries) do
                local offset = tonumber(string.match(e[1], '^(%d+)'))
                if reverse then hi = offset - 1 else lo = offset + 1 end
                local f = e[2]
                local x, d
                for i = 1, #f, 2 do
                  if f[i] == 'x' then x = tonumber(f[i + 1]) elseif f[i] == 'd' then d = f[i + 1] end
                end
                if x and d and x > now then
                  out[#out + 1] = string.format('%d', offset)
                  out[#out + 1] = d
                  found = found + 1
                end
              end
              if #entries < want or (limit > 0 and found >= limit) then return out end
            end
            return out
            """);

    private static final byte[] EMPTY = {};
    private static final byte[] ONE = {'1'};
    private static final byte[] ZERO = {'0'};

    private final KeySpace keys;
    private final int maxSize;
    private final byte[] emptyTtlMillis;

    RedisHistory(KeySpace keys, int maxSize, Duration emptyTtl) {
        this.keys = keys;
        this.maxSize = maxSize;
        this.emptyTtlMillis = ascii(emptyTtl.toMillis());
    }

    List<byte[]> keys(OrgChannel channel) {
        return List.of(keys.historyStream(channel), keys.historyMeta(channel));
    }

    /** The arguments of {@link #PUBLISH} for {@code publication} kept as {@code options} say (size capped). */
    List<byte[]> publishArgs(Publication publication, HistoryOptions options, String serverRunId) {
        if (publication.kind() != Publication.Kind.PUBLICATION) {
            throw new IllegalArgumentException("only publications are kept in history, not " + publication.kind());
        }
        return List.of(KeySpace.bytes(keys.pubSubChannel(publication.channel())), MessageCodec.encode(publication),
                ascii(Math.min(options.size(), maxSize)), ascii(options.ttl().toMillis()), newEpoch(),
                serverRunId.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@link #PUBLISH}'s answer as a position. */
    static StreamPosition position(Object answer) {
        List<?> a = (List<?>) answer;
        return new StreamPosition(MessageCodec.parseOffset(string(a.get(0))), string(a.get(1)));
    }

    List<byte[]> readArgs(HistoryQuery query, String serverRunId) {
        StreamPosition since = query.since();
        return List.of(newEpoch(), emptyTtlMillis, since == null ? EMPTY : ascii(since.offset()),
                since == null ? EMPTY : since.epoch().getBytes(StandardCharsets.UTF_8),
                ascii(Math.max(query.limit(), -1)), query.reverse() ? ONE : ZERO,
                serverRunId.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@link #READ}'s answer as a result: each stored message decoded at its position. */
    static HistoryResult result(OrgChannel channel, Object answer) {
        List<?> a = (List<?>) answer;
        String epoch = string(a.get(0));
        StreamPosition top = new StreamPosition(MessageCodec.parseOffset(string(a.get(1))), epoch);
        List<Publication> out = new ArrayList<>((a.size() - 2) / 2);
        for (int i = 2; i + 1 < a.size(); i += 2) {
            StreamPosition at = new StreamPosition(MessageCodec.parseOffset(string(a.get(i))), epoch);
            out.add(MessageCodec.decode(channel, (byte[]) a.get(i + 1)).at(at));
        }
        return new HistoryResult(out, top);
    }

    private static String string(Object bulk) {
        return new String((byte[]) bulk, StandardCharsets.UTF_8);
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] newEpoch() {
        return UUID.randomUUID().toString().substring(0, 8).getBytes(StandardCharsets.US_ASCII);
    }
}
