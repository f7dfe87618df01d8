package dev.heliograph.live.bench.protocol;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.handler.ChannelHandler;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.protocol.ClientSession;
import dev.heliograph.live.protocol.OutboundFrame;
import dev.heliograph.live.protocol.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The client protocol's two hot paths, through the public API on a real {@link LiveNode} and
 * {@link LocalHub}, with a transport whose sends complete at once (the socket is not measured):
 *
 * <ul>
 *   <li>{@code fanOut}: one server publication delivered to {@code subscribers} connected
 *       sessions (encode once, queue, send per session). Deliveries/s = ops/s x subscribers.
 *   <li>{@code publishCommand}: one client {@code publish} command end to end (decode, handler,
 *       hub, reply encode, send), on a channel without subscribers.
 * </ul>
 *
 * Each runs over two transports: {@code bytes} reads the frame's UTF-8 bytes (a byte-sending
 * container); {@code string} takes the frame as a {@code String}, as the Jakarta adapter must
 * ({@code getAsyncRemote().sendText(String)}), so the cost of producing that String shows.
 *
 * Single thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProtocolBenchmark {

    private static final LiveUser USER = new LiveUser("7", "bench", 1, LiveUser.Role.EDITOR);
    private static final OrgChannel CHANNEL = OrgChannel.parseWire("1/bench/ns/fan");
    private static final RawJson DATA = RawJson.parse("{\"temperature\":21.5,\"humidity\":48.2,\"host\":\"sensor-17\"}");
    private static final String PUBLISH =
            "{\"id\":2,\"publish\":{\"channel\":\"1/bench/ns/quiet\",\"data\":{\"temperature\":21.5,\"humidity\":48.2,\"host\":\"sensor-17\"}}}";

    @Param({"1000"})
    public int subscribers;

    @Param({"bytes", "string"})
    public String transport;

    private ScheduledExecutorService timers;
    private LocalHub hub;
    private LiveNode node;
    private final List<ClientSession> sessions = new ArrayList<>();
    private ClientSession publisher;
    private CountingTransport publisherTransport;

    @Setup
    public void setup() {
        timers = Executors.newScheduledThreadPool(1);
        hub = new LocalHub();
        // fan-out lanes off: every delivery on this (the publishing) thread, which is what the
        // benchmark measures; with the default threshold (512) the call would only queue the shards
        node = LiveNode.builder().hub(hub).scheduler(timers)
                .settings(LiveSettings.builder().fanoutParallelThreshold(0).build())
                .channelHandler("bench", "ns", new AllowAll()).build();
        for (int i = 0; i < subscribers; i++) {
            ClientSession s = new ClientSession(node, USER, newTransport());
            s.onText("{\"id\":1,\"connect\":{}}\n{\"id\":2,\"subscribe\":{\"channel\":\"1/bench/ns/fan\"}}");
            sessions.add(s);
        }
        if (node.localSubscribers().count(CHANNEL) != subscribers) {
            throw new IllegalStateException("expected " + subscribers + " subscribers, got " + node.localSubscribers().count(CHANNEL));
        }
        publisherTransport = newTransport();
        publisher = new ClientSession(node, USER, publisherTransport);
        publisher.onText("{\"id\":1,\"connect\":{}}");
    }

    private CountingTransport newTransport() {
        return switch (transport) {
            case "bytes" -> new CountingTransport();
            case "string" -> new StringTransport();
            default -> throw new IllegalArgumentException("transport must be bytes or string, got " + transport);
        };
    }

    @TearDown
    public void tearDown() {
        sessions.forEach(ClientSession::onTransportClosed);
        publisher.onTransportClosed();
        node.close();
        hub.close();
        timers.shutdownNow();
    }

    @Benchmark
    public void fanOut() {
        node.publishFromServer(CHANNEL, DATA);
    }

    @Benchmark
    public long publishCommand() {
        publisher.onText(PUBLISH);
        return publisherTransport.bytes;
    }

    /** Sends complete at once; counts bytes so the work cannot be elided. */
    static class CountingTransport implements Transport {
        long bytes;

        @Override
        public void sendText(OutboundFrame frame, SendCallback done) {
            bytes += frame.length();
            done.completed(null);
        }

        @Override
        public void close(int code, String reason) {}
    }

    /** Needs the frame as a String, as the Jakarta adapter does; keeps the last one so it escapes. */
    static final class StringTransport extends CountingTransport {
        String last;

        @Override
        public void sendText(OutboundFrame frame, SendCallback done) {
            last = frame.text();
            bytes += last.length();
            done.completed(null);
        }
    }

    /** Lets everyone subscribe and publish. */
    static final class AllowAll implements ChannelHandler {
        @Override
        public SubscribeReply onSubscribe(SubscribeEvent event) {
            return SubscribeReply.ok();
        }

        @Override
        public PublishReply onPublish(PublishEvent event) {
            return PublishReply.ok(event.data());
        }
    }
}
