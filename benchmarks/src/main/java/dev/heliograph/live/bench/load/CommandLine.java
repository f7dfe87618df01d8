package dev.heliograph.live.bench.load;

import java.time.Duration;
import java.util.Locale;

/**
 * Turns {@link LoadTool}'s arguments into {@link LoadOptions}; holds the {@code --help} text.
 * Every error names the offending argument and value. Called once on the main thread.
 */
final class CommandLine {
    static final String HELP = """
            Usage: java -cp benchmarks.jar dev.heliograph.live.bench.load.LoadTool [options]

            Opens many WebSocket connections to a loopback server, subscribes each to a channel and
            either publishes at a fixed rate (measuring deliveries/s and publish-to-receive latency)
            or holds the connections idle (for the server's memory per connection).

              --url URL                 ws://127.x.y.z:PORT/PATH, loopback only
                                        (default ws://127.0.0.1:8080/api/live/ws)
              --protocol centrifuge|stomp  client protocol (default centrifuge)
              --idle                    open, subscribe and hold; no publishing
              --hold SECONDS            idle: how long to hold before closing (default 300)
              --connections N           subscriber connections (default 1000, max 200000)
              --channels N              distinct channels; connection i joins channel i % N (default 1)
              --channel NAME            base channel (default grafana/broadcast/load, org prefix added on
                                        the WebSocket; /topic/load for stomp); -i appended when N > 1
              --org ID                  org id for the WebSocket channel prefix (default 1)
              --rate PER_SECOND         publications per second (default 100, max 100000)
              --duration SECONDS        how long to publish (default 20, max 3600)
              --max-publications N      hard cap on publications (default and max 10000000)
              --publish-via http|ws     POST to the publish endpoint or use a publisher WebSocket
                                        (default http; stomp needs ws)
              --publish-path PATH       HTTP publish path (default /api/live/publish)
              --payload-bytes N         padding in each publication (default 64)
              --drain SECONDS           wait for late deliveries after publishing (default 5)
              --source-from ADDRESS     first source address (default 127.0.0.2)
              --per-source N            connections per source address (default 25000)
              --connect-concurrency N   connection attempts in flight (default 200)
              --user USER --password PW HTTP Basic on every request, upgrade included (default admin/admin)
              --no-auth                 send no credentials
              --help                    this text
            """;

    private CommandLine() {}

    /** Parses the arguments; returns null when {@code --help} was asked for. */
    static LoadOptions parse(String... args) {
        LoadOptions.Builder builder = LoadOptions.builder();
        String user = "admin";
        String password = "admin";
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            switch (name) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--idle" -> builder.mode(LoadOptions.Mode.IDLE);
                case "--no-auth" -> {
                    user = null;
                    password = null;
                }
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(known(name) + " needs a value; see --help");
                    }
                    String value = args[++i];
                    switch (name) {
                        case "--url" -> builder.url(value);
                        case "--protocol" -> builder.protocol(choice(name, value, LoadOptions.Protocol.class));
                        case "--hold" -> builder.hold(Duration.ofSeconds(number(name, value)));
                        case "--connections" -> builder.connections((int) number(name, value));
                        case "--channels" -> builder.channels((int) number(name, value));
                        case "--channel" -> builder.channel(value);
                        case "--org" -> builder.org((int) number(name, value));
                        case "--rate" -> builder.rate((int) number(name, value));
                        case "--duration" -> builder.duration(Duration.ofSeconds(number(name, value)));
                        case "--max-publications" -> builder.maxPublications(number(name, value));
                        case "--publish-via" -> builder.publishVia(
                                "ws".equals(value) ? LoadOptions.PublishVia.WEBSOCKET
                                        : choice(name, value, LoadOptions.PublishVia.class));
                        case "--publish-path" -> builder.publishPath(value);
                        case "--payload-bytes" -> builder.payloadBytes((int) number(name, value));
                        case "--drain" -> builder.drain(Duration.ofSeconds(number(name, value)));
                        case "--source-from" -> builder.firstSource(value);
                        case "--per-source" -> builder.perSource((int) number(name, value));
                        case "--connect-concurrency" -> builder.connectConcurrency((int) number(name, value));
                        case "--user" -> user = value;
                        case "--password" -> password = value;
                        default -> throw new IllegalArgumentException("unknown option '" + name + "'; see --help");
                    }
                }
            }
        }
        return builder.credentials(user, password).build();
    }

    private static String known(String name) {
        if (!name.startsWith("--")) {
            return "unexpected argument '" + name + "': options start with --;";
        }
        return "option " + name;
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, got '" + value + "'");
        }
    }

    private static <E extends Enum<E>> E choice(String name, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", got '" + value + "'");
        }
    }
}
