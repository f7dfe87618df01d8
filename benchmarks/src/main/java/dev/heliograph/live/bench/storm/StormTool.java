package dev.heliograph.live.bench.storm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The storm harness: runs connection storms against the demo server started as a process of its
 * own, on loopback, bounded in connections and in time, and says with checks whether the server
 * held up. Profiles:
 *
 * <ul>
 *   <li>{@code short}: 2,000 clients dropped in 3 waves, then a crowd of 2,000 (CI runs it);
 *   <li>{@code full}: the short profile plus slow readers, half-open upgrades, a publish flood
 *       and a Redis restart, at small sizes;
 *   <li>{@code long}: waves of 5,000, crowds of 5,000 and 15,000 on one channel, and the other
 *       scenarios at larger sizes.
 * </ul>
 *
 * Run {@code java -cp benchmarks/target/benchmarks.jar dev.heliograph.live.bench.storm.StormTool --help}.
 * Exit status 0 when every check passed, 1 otherwise, 2 for bad arguments.
 */
public final class StormTool {
    static final String HELP = """
            Usage: java -cp benchmarks.jar dev.heliograph.live.bench.storm.StormTool [options]

            Starts the demo server jar as a process (one per scenario), storms it from loopback with a
            canary subscriber watching, SIGTERMs it, and checks what it left behind. Prints a Markdown
            report (also written to --report).

              --profile short|full|long  scenario set (default short)
              --only NAMES               comma list among wave, crowd, slow, halfopen, flood, redis
              --clients N                crowd size of wave, crowd and redis scenarios
              --waves N                  repetitions of the connection wave
              --drop reset|fin           how crowds leave: RST (default) or FIN, never a close frame
              --server-jar PATH          default examples/target/live-example.jar
              --server-heap SIZE         server -Xmx (default 1g; long profile 2g)
              --server-flags "FLAGS"     extra demo flags, space separated (after --max-connections -1)
              --work-dir DIR             server logs (default benchmarks/target/storm)
              --report FILE              also write the Markdown report here
              --source-from ADDRESS      first crowd source address (default 127.0.0.2)
              --per-source N             crowd connections per source address (default 5000)
              --loops N                  client selector threads (default 2)
              --connect-in-flight N      crowd connections connecting at once (default 100)
              --canary-rate N            canary publications per second (default 10)
              --settle SECONDS           how long sockets and presence may take to settle (default 20)
              --help                     this text
            """;

    private static final int MAX_CLIENT_SOCKETS = 18_000;

    private StormTool() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.security.egd") == null) {
            System.setProperty("java.security.egd", "file:/dev/./urandom");
        }
        Plan plan;
        try {
            plan = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("storm: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (plan == null) {
            System.out.print(HELP);
            return;
        }
        List<ScenarioResult> results = run(plan);
        System.exit(results.stream().allMatch(ScenarioResult::passed) ? 0 : 1);
    }

    /** A parsed command line: options, scenarios, and where the report goes (or null). */
    record Plan(String profile, StormOptions options, List<Scenario> scenarios, Path report) {}

    /** Runs every scenario of {@code plan} in order, prints and writes the report. */
    static List<ScenarioResult> run(Plan plan) throws InterruptedException, IOException {
        for (Scenario scenario : plan.scenarios()) {
            if (scenario.clients() + plan.options().witnesses() + 200 > MAX_CLIENT_SOCKETS) {
                throw new IllegalArgumentException(scenario.name() + " would hold " + scenario.clients()
                        + " sockets in this process; keep it under " + MAX_CLIENT_SOCKETS
                        + " (20,000 open files per process here)");
            }
        }
        List<String> environment = environment(plan);
        environment.forEach(System.out::println);
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : plan.scenarios()) {
            results.add(new StormRun(plan.options(), scenario).run());
        }
        environment.add("load average at the end: " + loadAverage());
        String heading = "Storm report, profile " + plan.profile() + ", "
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        String markdown = StormReport.markdown(heading, environment, results);
        System.out.println();
        System.out.println(StormReport.table(results));
        if (plan.report() != null) {
            Path parent = plan.report().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(plan.report(), markdown);
            System.out.println("report: " + plan.report().toAbsolutePath());
        }
        return results;
    }

    private static List<String> environment(Plan plan) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "machine: %d cores, load average at the start %s; Java %s",
                Runtime.getRuntime().availableProcessors(), loadAverage(), System.getProperty("java.version")));
        lines.add("server: " + plan.options().serverJar() + " with " + String.join(" ", plan.options().serverJvm())
                + ", flags --max-connections -1 " + String.join(" ", plan.options().serverFlags()));
        lines.add(String.format(Locale.ROOT, "clients: %d loops, crowds from %s (%,d per address), canary %d/s over HTTP"
                + " from 127.0.0.1", plan.options().loops(), plan.options().sourceFrom(), plan.options().perSource(),
                plan.options().canaryRate()));
        return lines;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Parses the arguments; null for {@code --help}. */
    static Plan parse(String... args) {
        StormOptions.Builder options = StormOptions.builder();
        String profile = "short";
        Set<String> only = null;
        Integer clients = null;
        Integer waves = null;
        ClientFleet.Drop drop = ClientFleet.Drop.RESET;
        String heap = null;
        Path report = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value; see --help");
            }
            String value = args[++i];
            switch (name) {
                case "--profile" -> profile = value;
                case "--only" -> only = Set.of(value.split(","));
                case "--clients" -> clients = number(name, value, 1, 100_000);
                case "--waves" -> waves = number(name, value, 1, 100);
                case "--drop" -> drop = switch (value) {
                    case "reset" -> ClientFleet.Drop.RESET;
                    case "fin" -> ClientFleet.Drop.FIN;
                    default -> throw new IllegalArgumentException("--drop must be reset or fin, got '" + value + "'");
                };
                case "--server-jar" -> options.serverJar(Path.of(value));
                case "--server-heap" -> heap = value;
                case "--server-flags" -> options.serverFlags(value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+")));
                case "--work-dir" -> options.workDir(Path.of(value));
                case "--report" -> report = Path.of(value);
                case "--source-from" -> options.sourceFrom(value);
                case "--per-source" -> options.perSource(number(name, value, 1, 28_000));
                case "--loops" -> options.loops(number(name, value, 1, 16));
                case "--connect-in-flight" -> options.connectInFlight(number(name, value, 1, 10_000));
                case "--canary-rate" -> options.canaryRate(number(name, value, 1, 1000));
                case "--settle" -> options.settle(Duration.ofSeconds(number(name, value, 1, 3600)));
                default -> throw new IllegalArgumentException("unknown option " + name + "; see --help");
            }
        }
        if (!List.of("short", "full", "long").contains(profile)) {
            throw new IllegalArgumentException("--profile must be short, full or long, got '" + profile + "'");
        }
        options.serverJvm(List.of("-Xms256m", "-Xmx" + (heap != null ? heap : profile.equals("long") ? "2g" : "1g")));
        List<Scenario> scenarios = profile(profile, clients, waves, drop);
        if (only != null) {
            Set<String> wanted = only;
            for (String name : wanted) {
                if (scenarios.stream().noneMatch(s -> kind(s).equals(name))) {
                    throw new IllegalArgumentException("--only: no scenario '" + name + "' in profile " + profile
                            + "; known: wave, crowd, slow, halfopen, flood, redis");
                }
            }
            scenarios = scenarios.stream().filter(s -> wanted.contains(kind(s))).toList();
        }
        return new Plan(profile, options.build(), scenarios, report);
    }

    private static String kind(Scenario scenario) {
        return scenario.name().startsWith("crowd") ? "crowd" : scenario.name();
    }

    /** The scenarios of a profile; {@code clients} and {@code waves} override its sizes when not null. */
    static List<Scenario> profile(String profile, Integer clients, Integer waves, ClientFleet.Drop drop) {
        return switch (profile) {
            case "short" -> List.of(
                    new ConnectionWave(or(clients, 2_000), or(waves, 3), drop),
                    new JoinLeaveCrowd(or(clients, 2_000), 20, Duration.ofSeconds(5), drop));
            case "full" -> List.of(
                    new ConnectionWave(or(clients, 2_000), or(waves, 3), drop),
                    new JoinLeaveCrowd(or(clients, 2_000), 20, Duration.ofSeconds(5), drop),
                    new SlowReaders(20, 48_000, 20, Duration.ofSeconds(30)),
                    new HalfOpenUpgrades(1_000, Duration.ofSeconds(15)),
                    new PublishFlood(Duration.ofSeconds(10), 5),
                    new RedisRestart(or(clients, 1_000), Duration.ofSeconds(5)));
            case "long" -> {
                List<Scenario> list = new ArrayList<>();
                list.add(new ConnectionWave(or(clients, 5_000), or(waves, 3), drop));
                if (clients == null) {
                    list.add(new JoinLeaveCrowd(5_000, 20, Duration.ofSeconds(5), drop));
                    list.add(new JoinLeaveCrowd(15_000, 20, Duration.ofSeconds(5), drop));
                } else {
                    list.add(new JoinLeaveCrowd(clients, 20, Duration.ofSeconds(5), drop));
                }
                list.add(new SlowReaders(50, 48_000, 20, Duration.ofSeconds(60)));
                list.add(new HalfOpenUpgrades(5_000, Duration.ofSeconds(40)));
                list.add(new PublishFlood(Duration.ofSeconds(30), 20));
                list.add(new RedisRestart(or(clients, 5_000), Duration.ofSeconds(10)));
                yield List.copyOf(list);
            }
            default -> throw new IllegalArgumentException("unknown profile '" + profile + "'");
        };
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number within " + min + ".." + max + ", got '"
                    + value + "'");
        }
    }
}
