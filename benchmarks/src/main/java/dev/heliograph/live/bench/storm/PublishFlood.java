package dev.heliograph.live.bench.storm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 5, one client's publish flood: a single connection writes {@code publish} commands
 * (32 per WebSocket frame) as fast as its socket takes them, for {@code duration}, into its own
 * {@code grafana/broadcast} channel that {@code watchers} other clients subscribe to. The canary,
 * on its own channel, must not notice; what the server does with the flooder (serve it, throttle
 * it, close it) is reported.
 */
final class PublishFlood implements Scenario {
    private static final int COMMANDS_PER_FRAME = 32;

    private final Duration duration;
    private final int watchers;

    PublishFlood(Duration duration, int watchers) {
        this.duration = duration;
        this.watchers = watchers;
    }

    @Override
    public String name() {
        return "flood";
    }

    @Override
    public String title() {
        return String.format(Locale.ROOT, "publish flood: one client sends publish commands as fast as its socket"
                + " allows for %d s into its own channel (%d watchers); the canary's channel must not notice",
                duration.toSeconds(), watchers);
    }

    @Override
    public int clients() {
        return watchers + 1;
    }

    @Override
    public void run(StormContext context) throws Exception {
        ScenarioResult result = context.result();
        StormOptions options = context.options();
        String floodWire = context.fleet().target().wireName(context.channelPath() + "-flood");
        ClientFleet.Seating seated = context.fleet().seat(watchers + 1, floodWire, options.connectInFlight(),
                options.readyTimeout(), 0, LiveClient.QUIET);
        result.check("the flooder and its watchers subscribed", seated.ready() == watchers + 1,
                seated.ready() + " of " + (watchers + 1));
        result.figure("clients", "1 + " + watchers);
        LiveClient flooder = seated.clients().get(0);
        AtomicLong sent = new AtomicLong();
        String prefix = ",\"publish\":{\"channel\":\"" + floodWire + "\",\"data\":{\"n\":";
        flooder.socket().pump(() -> {
            StringBuilder frame = new StringBuilder(COMMANDS_PER_FRAME * 96);
            for (int i = 0; i < COMMANDS_PER_FRAME; i++) {
                int id = flooder.nextId();
                frame.append(i == 0 ? "" : "\n").append("{\"id\":").append(id).append(prefix).append(id).append("}}}");
            }
            flooder.socket().queueText(frame.toString().getBytes(StandardCharsets.UTF_8));
            sent.addAndGet(COMMANDS_PER_FRAME);
        });
        long start = System.nanoTime();
        StormContext.hold(duration);
        flooder.socket().stopPump();
        long floodNanos = System.nanoTime() - start;
        long commands = sent.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (flooder.otherReplies() < commands && flooder.socket().ending() == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000L);
        }
        WsSocket.Ending ending = flooder.socket().ending();
        long watched = seated.clients().stream().skip(1).mapToLong(LiveClient::publications).sum();
        result.line(String.format(Locale.ROOT, "flood: %,d publish commands written in %s (%,.0f/s); %,d answered"
                + " (%,d errors); flooder %s; watchers received %,d publications", commands,
                StormContext.seconds(floodNanos), commands / (floodNanos / 1e9), flooder.otherReplies(),
                flooder.errorReplies(), ending == null ? "still connected" : "ended: " + ending.describe(), watched));
        result.figure("seat", String.format(Locale.ROOT, "%,.0f cmd/s", commands / (floodNanos / 1e9)));
        context.fleet().dropAll(seated.clients(), ClientFleet.Drop.RESET);
    }
}
