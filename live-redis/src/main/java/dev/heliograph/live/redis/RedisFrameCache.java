package dev.heliograph.live.redis;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.ChannelId;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.CachedFrame;
import dev.heliograph.live.hub.FrameCache;
import dev.heliograph.live.hub.ManagedChannel;
import dev.heliograph.live.json.RawJson;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The managed-stream frame cache shared by every node. Per channel: a hash with the schema-only
 * JSON ({@code s}) and the full frame JSON ({@code f}) expiring after the frame TTL (7 days by
 * default), and a hash of per-second message counts kept for 60 s (the minute rate, summed over
 * every node because every node's updates land in it). Per org: a set of channel ids, so listing
 * needs no SCAN. {@link #update} is one Lua script: it compares the schema byte for byte, writes
 * both fields, counts the message and answers whether the schema changed, atomically.
 *
 * <p>Every key expires: the frame hash and the org's set after the frame TTL (both refreshed by
 * each update), the rate hash after 61 s. The set outlives channels that stopped while others of
 * the org go on, so each update also checks two random members and drops those whose frame has
 * expired (listing drops the rest), and a storm of short-lived measurement names does not pile up.
 *
 * <p>The scripts read keys they compute from the set members, which a Redis Cluster would
 * refuse; the engine targets one Redis (or a Sentinel-managed master), like Grafana.
 *
 * <p>Thread-safe; each call is one round trip on a pooled connection.
 */
final class RedisFrameCache implements FrameCache {
    private static final System.Logger LOG = System.getLogger(RedisFrameCache.class.getName());
    private static final byte[] SCHEMA = {'s'};
    private static final byte[] FULL = {'f'};

    /** KEYS: frame, rate, org index. ARGV: schema, full frame, ttl ms, channel id, frame key prefix. */
    private static final LuaScript UPDATE = new LuaScript("""
            local sec = tonumber(redis.call('TIME')[1])
            local old = redis.call('HGET', KEYS[1], 's')
            redis.call('HSET', KEYS[1], 's', ARGV[1], 'f', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('SADD', KEYS[3], ARGV[4])
            redis.call('PEXPIRE', KEYS[3], ARGV[3])
            for _, ch in ipairs(redis.call('SRANDMEMBER', KEYS[3], 2)) do
              if redis.call('EXISTS', ARGV[5] .. ch) == 0 then redis.call('SREM', KEYS[3], ch) end
            end
            redis.call('HINCRBY', KEYS[2], sec, 1)
            local seconds = redis.call('HKEYS', KEYS[2])
            for i = 1, #seconds do
              if tonumber(seconds[i]) <= sec - 60 then redis.call('HDEL', KEYS[2], seconds[i]) end
            end
            redis.call('EXPIRE', KEYS[2], 61)
            if old == ARGV[1] then return 0 end
            return 1
            """);

    /** KEYS: org index. ARGV: frame key prefix, rate key prefix. Returns [channel, rate, schema]... */
    private static final LuaScript LIST = new LuaScript("""
            local sec = tonumber(redis.call('TIME')[1])
            local out = {}
            for _, ch in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local schema = redis.call('HGET', ARGV[1] .. ch, 's')
              if schema then
                local rate = 0
                local counts = redis.call('HGETALL', ARGV[2] .. ch)
                for i = 1, #counts, 2 do
                  if tonumber(counts[i]) > sec - 60 then rate = rate + tonumber(counts[i + 1]) end
                end
                out[#out + 1] = ch
                out[#out + 1] = rate
                out[#out + 1] = schema
              else
                redis.call('SREM', KEYS[1], ch)
              end
            end
            return out
            """);

    private final RedisConnector redis;
    private final KeySpace keys;
    private final byte[] ttlMillis;

    RedisFrameCache(RedisConnector redis, KeySpace keys, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.ttlMillis = Long.toString(ttl.toMillis()).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean update(OrgChannel channel, CachedFrame frame) {
        requireNonNull(channel, "channel");
        requireNonNull(frame, "frame");
        List<byte[]> k = List.of(keys.frame(channel), keys.rate(channel), keys.frameIndex(channel.orgId()));
        List<byte[]> a = List.of(frame.schema().unsafeBytes(), frame.fullFrame().unsafeBytes(), ttlMillis,
                KeySpace.bytes(channel.channel().toString()), KeySpace.bytes(keys.framePrefix(channel.orgId())));
        Object changed = redis.call("caching the frame of " + channel, r -> UPDATE.run(r, k, a));
        return Long.valueOf(1).equals(changed);
    }

    @Override
    public Optional<CachedFrame> get(OrgChannel channel) {
        requireNonNull(channel, "channel");
        List<byte[]> v = redis.call("reading the cached frame of " + channel,
                r -> r.hmget(keys.frame(channel), SCHEMA, FULL));
        if (v == null || v.get(0) == null || v.get(1) == null) {
            return Optional.empty();
        }
        return Optional.of(new CachedFrame(RawJson.trusted(v.get(0)), RawJson.trusted(v.get(1))));
    }

    @Override
    public List<ManagedChannel> list(long orgId) {
        List<byte[]> k = List.of(keys.frameIndex(orgId));
        List<byte[]> a = List.of(KeySpace.bytes(keys.framePrefix(orgId)), KeySpace.bytes(keys.ratePrefix(orgId)));
        List<?> rows = (List<?>) redis.call("listing the managed streams of org " + orgId, r -> LIST.run(r, k, a));
        List<ManagedChannel> out = new ArrayList<>(rows.size() / 3);
        for (int i = 0; i + 2 < rows.size(); i += 3) {
            String id = KeySpace.string((byte[]) rows.get(i));
            try {
                out.add(new ManagedChannel(ChannelId.parse(id), (Long) rows.get(i + 1),
                        RawJson.trusted((byte[]) rows.get(i + 2))));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "skipped cached stream '" + id + "' of org " + orgId + ": " + e.getMessage());
            }
        }
        out.sort(Comparator.comparing(m -> m.channel().toString()));
        return out;
    }
}
