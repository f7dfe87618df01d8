package dev.heliograph.live.redis.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Sentinel-managed Redis for failover tests: a master, one replica and {@code n} sentinels
 * (quorum 1, down after 1 s), all real processes on free ports. {@link #awaitReady} waits until
 * the replica is in sync and the sentinels know it, so killing the master leads to a failover.
 */
public final class SentinelGroup implements AutoCloseable {
    public static final String MASTER_NAME = "mymaster";

    private final RedisProcess master;
    private final RedisProcess replica;
    private final List<RedisProcess> sentinels = new ArrayList<>();

    public SentinelGroup(int sentinelCount) {
        master = RedisProcess.server();
        replica = RedisProcess.server("--replicaof", "127.0.0.1", Integer.toString(master.port()));
        for (int i = 0; i < sentinelCount; i++) {
            sentinels.add(RedisProcess.sentinel(List.of(
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 1",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + MASTER_NAME + " 5000",
                    "sentinel parallel-syncs " + MASTER_NAME + " 1")));
        }
    }

    public RedisProcess master() {
        return master;
    }

    public RedisProcess replica() {
        return replica;
    }

    /** {@code sentinel://127.0.0.1:p1,127.0.0.1:p2/mymaster}. */
    public String address() {
        StringBuilder sb = new StringBuilder("sentinel://");
        for (int i = 0; i < sentinels.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(sentinels.get(i).hostPort());
        }
        return sb.append('/').append(MASTER_NAME).toString();
    }

    /** True when the replica is in sync and every sentinel lists it as a healthy replica. */
    public boolean isReady() {
        try (Jedis r = new Jedis(new HostAndPort("127.0.0.1", replica.port()))) {
            if (!r.info("replication").contains("master_link_status:up")) {
                return false;
            }
        } catch (RuntimeException e) {
            return false;
        }
        for (RedisProcess s : sentinels) {
            try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", s.port()))) {
                boolean known = j.sentinelReplicas(MASTER_NAME).stream()
                        .anyMatch(m -> String.valueOf(replica.port()).equals(m.get("port"))
                                && !m.get("flags").contains("down") && !m.get("flags").contains("disconnected"));
                if (!known) {
                    return false;
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    /** The master port the first sentinel reports now. */
    public int reportedMasterPort() {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", sentinels.get(0).port()))) {
            return Integer.parseInt(j.sentinelGetMasterAddrByName(MASTER_NAME).get(1));
        }
    }

    public Duration failoverBudget() {
        return Duration.ofSeconds(30);
    }

    @Override
    public void close() {
        for (RedisProcess s : sentinels) {
            s.stop();
        }
        replica.stop();
        master.stop();
    }
}
