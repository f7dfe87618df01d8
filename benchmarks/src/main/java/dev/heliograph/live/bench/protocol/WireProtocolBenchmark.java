package dev.heliograph.live.bench.protocol;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.LocalHub;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.protocol.ClientSession;
import dev.heliograph.live.protocol.OutboundFrame;
import dev.heliograph.live.protocol.Transport;
import dev.heliograph.live.protocol.WireProtocol;
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
 * JSON vs Protobuf fan-out through the same sessions, queue and encode-once path: one server
 * publication (a ~60-byte JSON object) delivered to {@code subscribers} connected sessions that
 * all speak {@code protocol}, with a transport whose sends complete at once (the socket is not
 * measured). A JSON send takes the frame as a {@code String}, as the Jakarta adapter must
 * ({@code sendText(String)}); a Protobuf send takes the frame's bytes as a {@code ByteBuffer}
 * ({@code sendBinary(ByteBuffer)}), as the adapter does. So it measures encode + frame + hand
 * to the container per delivery. {@code subscribers = 1} shows the encode itself (one encode
 * per delivery); 1,000 shows the shared path. Deliveries/s = ops/s x subscribers. Bytes per
 * delivery: {@link WireProtocolFanOut}.
 *
 * <p>Single thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WireProtocolBenchmark {

    private static final LiveUser USER = new LiveUser("7", "bench", 1, LiveUser.Role.EDITOR);
    static final OrgChannel CHANNEL = OrgChannel.parseWire("1/bench/ns/fan");
    static final RawJson DATA = RawJson.parse("{\"temperature\":21.5,\"humidity\":48.2,\"host\":\"sensor-17\"}");

    @Param({"1", "1000"})
    public int subscribers;

    @Param({"json", "protobuf"})
    public String protocol;

    private ScheduledExecutorService timers;
    private LocalHub hub;
    private LiveNode node;
    private final List<ClientSession> sessions = new ArrayList<>();
    final List<FormatTransport> transports = new ArrayList<>();

    @Setup
    public void setup() {
        timers = Executors.newScheduledThreadPool(1);
        hub = new LocalHub();
        // fan-out lanes off: every delivery on this (the publishing) thread, which is what the
        // benchmark measures; with the default threshold (512) the call would only queue the shards
        node = LiveNode.builder().hub(hub).scheduler(timers)
                .settings(LiveSettings.builder().fanoutParallelThreshold(0).build())
                .channelHandler("bench", "ns", new ProtocolBenchmark.AllowAll()).build();
        WireProtocol wire = switch (protocol) {
            case "json" -> WireProtocol.JSON;
            case "protobuf" -> WireProtocol.PROTOBUF;
            default -> throw new IllegalArgumentException("protocol must be json or protobuf, got " + protocol);
        };
        for (int i = 0; i < subscribers; i++) {
            FormatTransport t = new FormatTransport();
            ClientSession s = new ClientSession(node, USER, t, wire);
            if (wire.binary()) {
                s.onBinary(PROTOBUF_CONNECT_SUBSCRIBE.clone());
            } else {
                s.onText("{\"id\":1,\"connect\":{}}\n{\"id\":2,\"subscribe\":{\"channel\":\"1/bench/ns/fan\"}}");
            }
            sessions.add(s);
            transports.add(t);
        }
        if (node.localSubscribers().count(CHANNEL) != subscribers) {
            throw new IllegalStateException("expected " + subscribers + " subscribers, got " + node.localSubscribers().count(CHANNEL));
        }
        transports.forEach(FormatTransport::reset); // count pushes only, not the connect and subscribe replies
    }

    @TearDown
    public void tearDown() {
        sessions.forEach(ClientSession::onTransportClosed);
        node.close();
        hub.close();
        timers.shutdownNow();
    }

    @Benchmark
    public void fanOut() {
        node.publishFromServer(CHANNEL, DATA);
    }

    /** Bytes and frames sent to all subscribers since {@link #setup} (or the last reset). */
    long[] sentBytesAndFrames() {
        long bytes = 0;
        long frames = 0;
        for (FormatTransport t : transports) {
            bytes += t.bytes;
            frames += t.frames;
        }
        return new long[] {bytes, frames};
    }

    /** connect (id 1) then subscribe (id 2) to 1/bench/ns/fan, as two length-delimited Commands. */
    private static final byte[] PROTOBUF_CONNECT_SUBSCRIBE = protobufConnectSubscribe();

    private static byte[] protobufConnectSubscribe() {
        byte[] channel = CHANNEL.wireName().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {4, 0x08, 1, 0x22, 0}); // Command{id:1, connect:{}}
        int request = 2 + channel.length;
        out.write(4 + request); // Command{id:2, subscribe:{channel}}: all sizes < 128
        out.writeBytes(new byte[] {0x08, 2, 0x2A, (byte) request, 0x0A, (byte) channel.length});
        out.writeBytes(channel);
        return out.toByteArray();
    }

    /** Sends complete at once; JSON as a String (like Jakarta's sendText), Protobuf as a ByteBuffer. */
    static final class FormatTransport implements Transport {
        long bytes;
        long frames;
        Object last;

        @Override
        public void sendText(OutboundFrame frame, SendCallback done) {
            String text = frame.text();
            last = text;
            bytes += frame.length();
            frames++;
            done.completed(null);
        }

        @Override
        public void sendBinary(OutboundFrame frame, SendCallback done) {
            java.nio.ByteBuffer buffer = frame.payload();
            last = buffer;
            bytes += buffer.remaining();
            frames++;
            done.completed(null);
        }

        @Override
        public void close(int code, String reason) {}

        void reset() {
            bytes = 0;
            frames = 0;
        }
    }
}
