/**
 * The Redis engine: {@link dev.heliograph.live.redis.RedisHub} shares publications (Redis
 * PUB/SUB), presence and the managed-stream frame cache between every node of a cluster, with
 * its own reconnect loop and native Sentinel support. Build one with
 * {@link dev.heliograph.live.redis.RedisHub#builder()}.
 */
@NullMarked
package dev.heliograph.live.redis;

import org.jspecify.annotations.NullMarked;
