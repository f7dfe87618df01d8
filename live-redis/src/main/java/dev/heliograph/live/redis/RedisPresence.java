package dev.heliograph.live.redis;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.Presence;
import dev.heliograph.live.hub.PresenceStats;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Presence shared by every node: per channel, a hash (client id to encoded {@link ClientInfo})
 * and a sorted set of the same ids scored by their expiry time. Adding writes both and pushes the
 * keys' own expiry forward; reading first deletes the expired entries, all inside one Lua script
 * (atomic, Redis's own clock, so nodes' clocks never matter). A node that dies stops refreshing
 * and its clients vanish within the TTL; the keys of a channel nobody refreshes expire whole.
 *
 * <p>Thread-safe; each call is one round trip on a pooled connection.
 */
final class RedisPresence implements Presence {
    private static final System.Logger LOG = System.getLogger(RedisPresence.class.getName());

    private static final String NOW = "local t = redis.call('TIME')\n"
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n";

    /** KEYS: data, expiry. ARGV: client, info, ttl ms. */
    private static final LuaScript ADD = new LuaScript(NOW + """
            redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[1])
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            return 1
            """);

    /** KEYS: data, expiry. ARGV: client. */
    private static final LuaScript REMOVE = new LuaScript("""
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 1
            """);

    /** KEYS: data, expiry. Returns the live entries' values after removing expired ones. */
    private static final LuaScript LIVE = new LuaScript(NOW + """
            local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
            for i = 1, #expired, 500 do
              redis.call('HDEL', KEYS[1], unpack(expired, i, math.min(i + 499, #expired)))
            end
            if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now) end
            return redis.call('HVALS', KEYS[1])
            """);

    private final RedisConnector redis;
    private final KeySpace keys;
    private final byte[] ttlMillis;

    RedisPresence(RedisConnector redis, KeySpace keys, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.ttlMillis = Long.toString(ttl.toMillis()).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void add(OrgChannel channel, ClientInfo info) {
        requireNonNull(channel, "channel");
        requireNonNull(info, "info");
        byte[] client = info.client().getBytes(StandardCharsets.UTF_8);
        byte[] entry = MessageCodec.encodeInfo(info);
        redis.call("adding presence in " + channel, r -> ADD.run(r, keys(channel), List.of(client, entry, ttlMillis)));
    }

    @Override
    public void remove(OrgChannel channel, String clientId) {
        requireNonNull(channel, "channel");
        requireNonNull(clientId, "clientId");
        byte[] client = clientId.getBytes(StandardCharsets.UTF_8);
        redis.call("removing presence in " + channel, r -> REMOVE.run(r, keys(channel), List.of(client)));
    }

    @Override
    public Map<String, ClientInfo> list(OrgChannel channel) {
        requireNonNull(channel, "channel");
        Map<String, ClientInfo> out = new LinkedHashMap<>();
        for (byte[] value : live(channel)) {
            ClientInfo info = decode(channel, value);
            if (info != null) {
                out.put(info.client(), info);
            }
        }
        return out;
    }

    @Override
    public PresenceStats stats(OrgChannel channel) {
        requireNonNull(channel, "channel");
        int clients = 0;
        Set<String> users = new HashSet<>();
        for (byte[] value : live(channel)) {
            ClientInfo info = decode(channel, value);
            if (info != null) {
                clients++;
                users.add(info.user());
            }
        }
        return new PresenceStats(clients, users.size());
    }

    @SuppressWarnings("unchecked")
    private List<byte[]> live(OrgChannel channel) {
        return (List<byte[]>) redis.call("reading presence of " + channel, r -> LIVE.run(r, keys(channel), List.of()));
    }

    private List<byte[]> keys(OrgChannel channel) {
        return List.of(keys.presenceData(channel), keys.presenceExpiry(channel));
    }

    private static @Nullable ClientInfo decode(OrgChannel channel, byte[] value) {
        try {
            return MessageCodec.decodeInfo(value);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "skipped a malformed presence entry in " + channel + ": " + e.getMessage());
            return null;
        }
    }
}
