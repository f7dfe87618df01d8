package dev.heliograph.live.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import org.jspecify.annotations.Nullable;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), sent in full only when Redis does not know
 * it (first use, or after a restart without persistence). Any thread: the source is immutable
 * and the only state, which pool last loaded it for a pipeline ({@link #loadedOn}), is a
 * volatile hint.
 */
final class LuaScript {
    private static final byte[] LOAD = "LOAD".getBytes(StandardCharsets.US_ASCII);

    private final byte[] source;
    private final byte[] sha;
    private volatile @Nullable Object loadedOn;

    LuaScript(String source) {
        this.source = source.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(this.source);
            this.sha = HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    /** Runs the script on a pooled connection: EVALSHA, then EVAL when Redis answers NOSCRIPT. */
    Object run(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            return redis.eval(source, keys, args);
        }
    }

    /**
     * Whether {@code pool} was seen loading this script. A new pool means a new connection,
     * maybe to another (restarted or promoted) Redis, so the script is loaded again.
     */
    boolean isLoadedOn(Object pool) {
        return loadedOn == pool;
    }

    void loadedOn(Object pool) {
        loadedOn = pool;
    }

    /** Queues {@code SCRIPT LOAD}, so the {@code EVALSHA}s queued after it in the pipeline find it. */
    void queueLoad(Pipeline p) {
        p.sendCommand(Protocol.Command.SCRIPT, LOAD, source);
    }

    /** Queues {@code EVALSHA}; its answer may be a NOSCRIPT error ({@link #isNoScript}). */
    Response<Object> queue(Pipeline p, List<byte[]> keys, List<byte[]> args) {
        return p.evalsha(sha, keys, args);
    }

    static boolean isNoScript(JedisDataException e) {
        return e instanceof JedisNoScriptException || (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT"));
    }
}
