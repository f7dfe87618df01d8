package dev.heliograph.live.redis;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the Redis engine finds Redis: one server, or the master of a Sentinel-managed group.
 * Parsed from the {@code ha_engine_address} setting by {@link #parse}; immutable.
 *
 * <p>Accepted forms:
 * <ul>
 *   <li>{@code host:port} or {@code host} (port 6379), IPv6 as {@code [::1]:6379}: Grafana's form;
 *   <li>{@code redis://[[user]:password@]host[:port][/db]}, {@code rediss://...} for TLS;
 *   <li>{@code sentinel://[[user]:password@]host1[:port1],host2[:port2]/masterName[/db]}: ask the
 *       sentinels (default port 26379) for the current master of {@code masterName} and follow
 *       failovers. The credentials are the master's; sentinels that need their own password take
 *       it from {@link RedisHub.Builder#sentinelPassword}.
 * </ul>
 * Passwords never appear in the {@code toString()} of either kind of address.
 */
public sealed interface RedisAddress permits RedisAddress.Standalone, RedisAddress.Sentinel {

    /** Redis's default port. */
    int DEFAULT_PORT = 6379;

    /** Sentinel's default port. */
    int DEFAULT_SENTINEL_PORT = 26379;

    /** The database index (SELECT) keys live in; PUB/SUB is shared by all databases. */
    int database();

    /** The user for AUTH, or null for the default user. */
    String user();

    /** The password for AUTH, or null for none. */
    String password();

    /** A copy with {@code password} (when this one has none). */
    RedisAddress withPassword(String password);

    /** A host and a port. */
    record Endpoint(String host, int port) {
        public Endpoint {
            requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new RedisConfigException("Redis port must be between 1 and 65535, got " + port);
            }
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** One Redis server, reached directly (or through a proxy such as HAProxy). */
    record Standalone(Endpoint endpoint, boolean tls, @Nullable String user, @Nullable String password, int database)
            implements RedisAddress {
        public Standalone {
            requireNonNull(endpoint, "endpoint");
            checkDatabase(database);
        }

        @Override
        public RedisAddress withPassword(String newPassword) {
            return password != null ? this : new Standalone(endpoint, tls, user, newPassword, database);
        }

        @Override
        public String toString() {
            return (tls ? "rediss://" : "redis://") + credentials(user, password) + endpoint + "/" + database;
        }
    }

    /** The master of {@code masterName}, as the sentinels report it. */
    record Sentinel(List<Endpoint> sentinels, String masterName, @Nullable String user, @Nullable String password, int database)
            implements RedisAddress {
        public Sentinel {
            sentinels = List.copyOf(sentinels);
            if (sentinels.isEmpty()) {
                throw new RedisConfigException("a Sentinel address needs at least one sentinel host");
            }
            requireNonNull(masterName, "masterName");
            checkDatabase(database);
        }

        @Override
        public RedisAddress withPassword(String newPassword) {
            return password != null ? this : new Sentinel(sentinels, masterName, user, newPassword, database);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("sentinel://").append(credentials(user, password));
            for (int i = 0; i < sentinels.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(sentinels.get(i));
            }
            return sb.append('/').append(masterName).append('/').append(database).toString();
        }
    }

    /**
     * Parses an address in one of the forms listed on this type.
     *
     * @throws RedisConfigException naming the offending value and the accepted forms
     */
    static RedisAddress parse(String address) {
        requireNonNull(address, "address");
        String a = address.trim();
        if (a.isEmpty()) {
            throw invalid(address, "it is empty");
        }
        int scheme = a.indexOf("://");
        if (scheme < 0) {
            return new Standalone(endpoint(address, a, DEFAULT_PORT), false, null, null, 0);
        }
        String kind = a.substring(0, scheme).toLowerCase(java.util.Locale.ROOT);
        String rest = a.substring(scheme + 3);
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = decode(userInfo);
            } else {
                user = colon == 0 ? null : decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            }
            password = password.isEmpty() ? null : password;
        }
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        switch (kind) {
            case "redis", "rediss" -> {
                int db = path.isEmpty() ? 0 : database(address, path);
                return new Standalone(endpoint(address, hosts, DEFAULT_PORT), kind.equals("rediss"), user, password, db);
            }
            case "sentinel" -> {
                List<Endpoint> sentinels = new ArrayList<>();
                for (String h : hosts.split(",")) {
                    sentinels.add(endpoint(address, h.trim(), DEFAULT_SENTINEL_PORT));
                }
                String[] parts = path.split("/");
                if (path.isEmpty() || parts[0].isEmpty() || parts.length > 2) {
                    throw invalid(address, "a Sentinel address needs the master name after the hosts");
                }
                int db = parts.length == 2 ? database(address, parts[1]) : 0;
                return new Sentinel(sentinels, parts[0], user, password, db);
            }
            default -> throw invalid(address, "scheme '" + kind + "' is not one of redis, rediss, sentinel");
        }
    }

    private static Endpoint endpoint(String address, String hostPort, int defaultPort) {
        if (hostPort.isEmpty()) {
            throw invalid(address, "the host is missing");
        }
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw invalid(address, "IPv6 host '" + hostPort + "' lacks its closing ']'");
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw invalid(address, "unexpected '" + after + "' after the IPv6 host");
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0 && hostPort.indexOf(':') != colon) {
                throw invalid(address, "write IPv6 hosts in brackets, e.g. [::1]:6379");
            }
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw invalid(address, "the host is missing");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (Character.isWhitespace(c) || c == '/' || c == '@' || c == ',') {
                throw invalid(address, "host '" + host + "' contains '" + c + "'");
            }
        }
        if (port == null) {
            return new Endpoint(host, defaultPort);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw invalid(address, "port " + port + " is outside 1-65535");
            }
            return new Endpoint(host, p);
        } catch (NumberFormatException e) {
            throw invalid(address, "port '" + port + "' is not a number");
        }
    }

    private static int database(String address, String db) {
        try {
            int d = Integer.parseInt(db);
            checkDatabase(d);
            return d;
        } catch (NumberFormatException e) {
            throw invalid(address, "database '" + db + "' is not a number");
        }
    }

    private static void checkDatabase(int database) {
        if (database < 0) {
            throw new RedisConfigException("Redis database index must be 0 or more, got " + database);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String credentials(@Nullable String user, @Nullable String password) {
        if (password == null) {
            return user == null ? "" : user + "@";
        }
        return (user == null ? "" : user) + ":***@";
    }

    private static RedisConfigException invalid(String address, String why) {
        return new RedisConfigException("Redis address '" + address.replaceAll(":[^:@/]*@", ":***@") + "' is invalid: "
                + why + ". Use host:port, redis://[:password@]host:port[/db], rediss://... for TLS, or"
                + " sentinel://host1:26379,host2:26379/masterName[/db]");
    }
}
