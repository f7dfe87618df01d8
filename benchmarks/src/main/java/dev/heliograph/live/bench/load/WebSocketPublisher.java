package dev.heliograph.live.bench.load;

/**
 * Publishes over one dedicated WebSocket connection: Centrifuge {@code publish} commands (each
 * acknowledged by a reply, counted in {@link LoadStats}) or STOMP {@code SEND} frames (which
 * have no reply: counted as published when handed to the socket).
 *
 * <p>{@link #publish} is called by one thread; replies arrive on the connection's reader thread.
 */
final class WebSocketPublisher implements Publisher {
    private final LoadOptions options;
    private final WireProtocol protocol;
    private final LoadConnection connection;
    private final LoadStats stats;
    private int nextId = CentrifugeProtocol.SUBSCRIBE_ID + 1;

    WebSocketPublisher(LoadOptions options, WireProtocol protocol, LoadConnection connection, LoadStats stats) {
        this.options = options;
        this.protocol = protocol;
        this.connection = connection;
        this.stats = stats;
    }

    @Override
    public void publish(int channelIndex, String json) {
        String channel = protocol.subscribeName(options.channelName(channelIndex), options.org());
        connection.send(protocol.publish(channel, json, nextId++));
        if (!(protocol instanceof CentrifugeProtocol)) {
            stats.published.increment();
        }
    }

    @Override
    public void close() {
        // The connection belongs to the pool, which closes it with the others.
    }
}
