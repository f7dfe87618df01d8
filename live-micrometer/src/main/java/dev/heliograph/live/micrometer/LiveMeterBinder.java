package dev.heliograph.live.micrometer;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveMetrics;
import dev.heliograph.live.LiveNode;
import dev.heliograph.live.PublicationSource;
import dev.heliograph.live.hub.EngineMetrics;
import dev.heliograph.live.hub.LocalFanOut;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Binds a {@link LiveNode}'s meters to a Micrometer {@link MeterRegistry}: connections,
 * subscriptions, channels, publications in by source, messages/frames/bytes out, disconnects and
 * command errors by code, command durations (a histogram, for percentiles), the outbound queue
 * high-water mark, publish latency, and for a distributed engine (Redis) whether it is up, its
 * reconnects and its PUB/SUB lag. The names, and their Grafana Live / Centrifugo counterparts,
 * are listed in the README ("Metrics").
 *
 * <p>Counters and gauges read the node's own counters ({@link LiveNode#metrics()}) when the
 * registry is scraped: nothing is counted twice and the data path never calls Micrometer, except
 * the command timer, which records each command's duration. Meters keyed by a code
 * (disconnects, command errors) appear when the code first occurs.
 *
 * <p>Who calls it: the host once per registry ({@code new LiveMeterBinder(node).bindTo(registry)}),
 * or Spring Boot, which binds every {@code MeterBinder} bean. Binding to several registries is
 * allowed. Thread-safe.
 */
public final class LiveMeterBinder implements MeterBinder {

    /** Prefix of every meter name. */
    public static final String PREFIX = "heliograph.live.";

    /** The channel scopes with their own subscription gauge; the rest count as {@code other}. */
    private static final List<String> SCOPES = List.of("grafana", "ds", "plugin", "stream");

    private final LiveNode node;
    private final Tags tags;
    private final List<Bound> bound = new CopyOnWriteArrayList<>();

    /** Binds {@code node}'s meters without extra tags. */
    public LiveMeterBinder(LiveNode node) {
        this(node, Tags.empty());
    }

    /** Binds {@code node}'s meters with {@code tags} (e.g. the node's name) on every meter. */
    public LiveMeterBinder(LiveNode node, Iterable<Tag> tags) {
        this.node = requireNonNull(node, "node");
        this.tags = Tags.of(requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        requireNonNull(registry, "registry");
        LiveMetrics m = node.metrics();
        LocalFanOut local = node.localSubscribers();

        gauge(registry, "client.connections", "Client connections open now", node, n -> n.sessions().size(), Tags.empty());
        counter(registry, "client.connections.opened", "Client connections started", m, LiveMetrics::connectionsOpened);
        counter(registry, "client.connections.closed", "Client connections released, whoever closed them", m,
                LiveMetrics::connectionsClosed);
        counter(registry, "client.connections.refused", "Upgrades refused at max_connections (3504)", m,
                LiveMetrics::connectionsRefused);
        counter(registry, "client.slow.closed", "Connections closed with 3008 slow (outbound queue over its limit)", m,
                LiveMetrics::slowClientsClosed);
        counter(registry, "client.commands.rate.limited", "Commands refused with 111 by the per-connection rate limit",
                m, LiveMetrics::commandsRateLimited);
        counter(registry, "client.advisory.dropped", "Join/leave pushes dropped for a backed-up client", m,
                LiveMetrics::advisoryPushesDropped);
        counter(registry, "client.insufficient.state", "Positioned subscriptions ended with 2500 insufficient state", m,
                LiveMetrics::insufficientStates);
        Gauge.builder(PREFIX + "client.queue.high.water", m, LiveMetrics::queueBytesHighWater)
                .description("The most bytes ever waiting in one connection's outbound queue")
                .baseUnit(BaseUnits.BYTES).tags(tags).register(registry);

        gauge(registry, "node.channels", "Channels with a subscriber on this node", local,
                LocalFanOut::channelCount, Tags.empty());
        for (String scope : SCOPES) {
            gauge(registry, "node.subscriptions", "Subscriptions on this node by channel scope", local,
                    l -> l.subscriberCount(scope), Tags.of("scope", scope));
        }
        gauge(registry, "node.subscriptions", "Subscriptions on this node by channel scope", local, l -> {
            int known = 0;
            for (String scope : SCOPES) {
                known += l.subscriberCount(scope);
            }
            return l.subscriberCount(null) - known;
        }, Tags.of("scope", "other"));
        for (PublicationSource source : PublicationSource.values()) {
            FunctionCounter.builder(PREFIX + "node.publications", m, x -> x.publications(source))
                    .description("Publications handed to the engine (streams: to local subscribers), by source")
                    .tags(tags).tag("source", source.tag()).register(registry);
        }
        FunctionTimer.builder(PREFIX + "node.publish.latency", m, LiveMetrics::publishLatencyCount,
                        LiveMetrics::publishLatencyNanos, TimeUnit.NANOSECONDS)
                .description("From handing a publication to the engine until it accepted it")
                .tags(tags).register(registry);
        counter(registry, "node.frame.schema.changes", "Managed-stream frames sent in full (new or changed schema)", m,
                LiveMetrics::frameSchemaChanges);

        counter(registry, "transport.messages.sent", "Messages (replies, pushes, pings) handed to the sockets", m,
                LiveMetrics::messagesSent);
        counter(registry, "transport.frames.sent", "WebSocket frames handed to the sockets (messages are batched)", m,
                LiveMetrics::framesSent);
        FunctionCounter.builder(PREFIX + "transport.sent", m, LiveMetrics::bytesSent)
                .description("Bytes of the frames handed to the sockets").baseUnit(BaseUnits.BYTES)
                .tags(tags).register(registry);

        counter(registry, "push.lines", "Line-protocol lines of accepted push bodies", m, LiveMetrics::pushLinesParsed);
        counter(registry, "push.rejected", "Push bodies refused (all or nothing)", m, LiveMetrics::pushBodiesRejected);

        EngineMetrics engine = node.hub().engineMetrics();
        if (engine != null) {
            Tags engineTag = Tags.of("engine", engineName());
            gauge(registry, "engine.up", "1 while the engine's backend (Redis) is reachable", engine,
                    e -> e.up() ? 1 : 0, engineTag);
            FunctionCounter.builder(PREFIX + "engine.reconnects", engine, EngineMetrics::reconnects)
                    .description("PUB/SUB connection re-established after a loss")
                    .tags(tags).tags(engineTag).register(registry);
            FunctionTimer.builder(PREFIX + "engine.pubsub.lag", engine, EngineMetrics::lagCount,
                            EngineMetrics::lagNanos, TimeUnit.NANOSECONDS)
                    .description("Round trip of a PING through the PUB/SUB connection, behind what Redis queued on it")
                    .tags(tags).tags(engineTag).register(registry);
        }

        boolean first = bound.isEmpty();
        bound.add(new Bound(registry));
        if (first) { // one listener and one timer per binder, serving every registry it is bound to
            m.addNewCodeListener(this::registerCode);
            m.addCommandTimer(this::recordCommand);
        }
        m.disconnects().keySet().forEach(code -> registerCode(LiveMetrics.CodeFamily.DISCONNECT, code));
        m.commandErrors().keySet().forEach(code -> registerCode(LiveMetrics.CodeFamily.COMMAND_ERROR, code));
    }

    private void registerCode(LiveMetrics.CodeFamily family, int code) {
        LiveMetrics m = node.metrics();
        for (Bound b : bound) {
            if (family == LiveMetrics.CodeFamily.DISCONNECT) {
                FunctionCounter.builder(PREFIX + "client.disconnects", m, x -> x.disconnects(code))
                        .description("Connections the server closed, by close code")
                        .tags(tags).tag("code", Integer.toString(code)).register(b.registry);
            } else {
                FunctionCounter.builder(PREFIX + "client.command.errors", m, x -> x.commandErrors(code))
                        .description("Command replies carrying an error, by error code")
                        .tags(tags).tag("code", Integer.toString(code)).register(b.registry);
            }
        }
    }

    private void recordCommand(String method, long nanos) {
        for (Bound b : bound) {
            b.timers.computeIfAbsent(method, x -> Timer.builder(PREFIX + "client.command.duration")
                    .description("Time to handle a client command on its connection's thread")
                    .tags(tags).tag("method", x)
                    .publishPercentileHistogram()
                    .register(b.registry))
                    .record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private String engineName() {
        String name = node.hub().getClass().getSimpleName().toLowerCase(Locale.ROOT);
        return name.endsWith("hub") && name.length() > 3 ? name.substring(0, name.length() - 3) : name;
    }

    private <T> void gauge(MeterRegistry registry, String name, String description, T obj,
            java.util.function.ToDoubleFunction<T> value, Tags extra) {
        Gauge.builder(PREFIX + name, obj, value).description(description).tags(tags).tags(extra).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, LiveMetrics m,
            java.util.function.ToDoubleFunction<LiveMetrics> value) {
        FunctionCounter.builder(PREFIX + name, m, value).description(description).tags(tags).register(registry);
    }

    /** One registry bound, with its command timers by method. */
    private static final class Bound {
        final MeterRegistry registry;
        final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

        Bound(MeterRegistry registry) {
            this.registry = registry;
        }
    }
}
