package dev.heliograph.live.example;

import dev.heliograph.live.LiveSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo server's configuration, from a Grafana-style ini file ({@code [live]} keys with
 * Grafana's names, {@code [server] http_port} and {@code root_url}) overridden by command-line
 * flags; the {@code [live]} keys become the library's {@link LiveSettings} (which reports unknown
 * keys and bad values). Immutable once parsed; read on the main thread.
 */
record DemoConfig(
        int port,
        LiveSettings settings,
        Path usersFile,
        Duration headerTimeout,
        String jwtHs256Secret) {

    static final String USAGE = """
            Usage: java -jar live-example.jar [flags]
              --port N                   HTTP port (default 3000; [server] http_port)
              --max-connections N        [live] max_connections: -1 unlimited, 0 disables Live (default 100)
              --allowed-origins LIST     [live] allowed_origins: comma list of origins, * globs
              --message-size-limit N     [live] message_size_limit in bytes, -1 unlimited (default 65536)
              --root-url URL             [server] root_url: the public URL browsers use
              --ha-engine ENGINE         [live] ha_engine: empty (in-memory) or redis
              --ha-engine-address ADDR   [live] ha_engine_address (default 127.0.0.1:6379)
              --ha-engine-password PW    [live] ha_engine_password
              --ha-prefix PREFIX         [live] ha_prefix
              --users-file FILE          users, one per line: login:password:orgId:role[:apiToken]
                                         (default: admin:admin:1:Admin:admin-api-token)
              --ping-interval SECONDS    protocol ping interval (default 25; [live] ping_interval)
              --header-timeout SECONDS   close a connection whose request headers take longer (default 10)
              --jwt-hs256-secret SECRET  accept HS256 JWT connection tokens (connect's token: sub, org_id,
                                         role, exp) and subscription tokens (sub, channel, exp); the
                                         WebSocket upgrade then needs no credentials; channels whose
                                         path starts with 'private-' need a subscription token
              --token-expiry-grace SECONDS  how long after a token's exp an unrefreshed connection is
                                         closed (3005) or subscription ended (default 25;
                                         [live] token_expiry_grace)
              --config FILE              a live.ini file; flags override it
            Auth: HTTP Basic (login:password), or the user's API token as 'Authorization: Bearer <token>'
            or as the auth_token query parameter (for clients that cannot set headers), or a JWT
            connection token with --jwt-hs256-secret.
            """;

    private static final List<String> FLAGS = List.of("port", "max-connections", "allowed-origins",
            "message-size-limit", "root-url", "ha-engine", "ha-engine-address", "ha-engine-password", "ha-prefix",
            "users-file", "ping-interval", "header-timeout", "config", "jwt-hs256-secret", "token-expiry-grace");

    /** Parses flags (and the ini file they name). */
    static DemoConfig parse(String... args) throws ConfigException {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + arg + "': flags start with --");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new ConfigException("flag --" + name + " needs a value");
            }
            if (!FLAGS.contains(name)) {
                throw new ConfigException("unknown flag --" + name + "; known: --" + String.join(", --", FLAGS));
            }
            flags.put(name, value);
        }
        // the ini file first, then flags on top, all under Grafana's key names
        Map<String, String> live = new LinkedHashMap<>();
        Map<String, String> server = new LinkedHashMap<>();
        if (flags.containsKey("config")) {
            readIni(Path.of(flags.get("config")), live, server);
        }
        flags.forEach((flag, value) -> {
            switch (flag) {
                case "port" -> server.put("http_port", value);
                case "root-url" -> server.put("root_url", value);
                case "config", "users-file", "ping-interval", "header-timeout", "jwt-hs256-secret",
                        "token-expiry-grace" -> { }
                default -> live.put(flag.replace('-', '_'), value);
            }
        });
        if (server.containsKey("root_url")) {
            live.put("root_url", server.get("root_url"));
        }
        if (flags.containsKey("ping-interval")) {
            Duration ping = Duration.ofMillis(parsePositiveMillis("--ping-interval", flags.get("ping-interval")));
            // Grafana's 10 s pong timeout; a short test ping interval keeps 90 % of it for the pong
            Duration pong = ping.compareTo(Duration.ofSeconds(20)) >= 0 ? Duration.ofSeconds(10)
                    : ping.minus(ping.dividedBy(10));
            live.put("ping_interval", ping.toMillis() + "ms");
            live.put("pong_timeout", pong.toMillis() + "ms");
            live.put("idle_timeout", Math.max(120_000, ping.toMillis() * 3) + "ms");
        }
        if (flags.containsKey("token-expiry-grace")) {
            live.put("token_expiry_grace",
                    parsePositiveMillis("--token-expiry-grace", flags.get("token-expiry-grace")) + "ms");
        }
        // within EXIT_BOUND with Jetty's stop after it
        live.putIfAbsent("shutdown_timeout", "5s");

        int port = parsePort(server.getOrDefault("http_port", "3000"));
        Duration headerTimeout = Duration.ofSeconds(10);
        if (flags.containsKey("header-timeout")) {
            headerTimeout = Duration.ofMillis(parsePositiveMillis("--header-timeout", flags.get("header-timeout")));
        }
        String jwtSecret = flags.get("jwt-hs256-secret");
        if (jwtSecret != null && jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException("--jwt-hs256-secret must have at least 32 bytes (HS256 needs a 256-bit key)");
        }
        LiveSettings settings;
        try {
            settings = LiveSettings.fromMap(live);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new DemoConfig(port, settings,
                flags.containsKey("users-file") ? Path.of(flags.get("users-file")) : null, headerTimeout, jwtSecret);
    }

    private static void readIni(Path file, Map<String, String> live, Map<String, String> server) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> section = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new ConfigException(file + " line " + (n + 1) + ": section header '" + line + "' lacks ']'");
                }
                String name = line.substring(1, line.length() - 1).trim();
                section = switch (name) {
                    case "live" -> live;
                    case "server" -> server;
                    default -> null; // other sections are not the demo's business
                };
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(file + " line " + (n + 1) + ": expected key = value, got '" + line + "'");
            }
            if (section != null) {
                section.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
    }

    private static int parsePort(String value) throws ConfigException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigException("port must be a number from 0 to 65535 (0 = any free port), got '" + value + "'");
        }
    }

    private static long parsePositiveMillis(String flag, String seconds) throws ConfigException {
        try {
            double s = Double.parseDouble(seconds.trim());
            if (!(s > 0) || s > 3600) {
                throw new NumberFormatException();
            }
            return Math.max(1, Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new ConfigException(flag + " must be a number of seconds between 0 and 3600, got '" + seconds + "'");
        }
    }
}
