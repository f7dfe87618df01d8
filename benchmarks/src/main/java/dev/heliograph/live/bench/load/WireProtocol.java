package dev.heliograph.live.bench.load;

/**
 * What one client protocol sends and how it reads what comes back, for the load tool's
 * connections. Implementations are stateless and shared by all connections; each connection
 * passes its own {@link Events}. {@link #read} runs on the WebSocket client's reader threads.
 */
interface WireProtocol {

    /** The first message after the upgrade (Centrifuge {@code connect}, STOMP {@code CONNECT}). */
    String handshake();

    /** The message subscribing to {@code channel}, sent once the handshake is acknowledged. */
    String subscribe(String channel);

    /** The message publishing {@code json} to {@code channel}, carrying request {@code id}. */
    String publish(String channel, String json, int id);

    /** The channel as the wire names it for subscribing (org prefix, destination...). */
    String subscribeName(String channel, int org);

    /** Reads one incoming text message and reports what it held to {@code events}. */
    void read(String text, Events events);

    /** What a connection learns from incoming messages. Called on the connection's reader thread. */
    interface Events {
        /** The handshake was accepted. */
        void connected();

        /** The subscription was confirmed. */
        void subscribed();

        /** A publication arrived; {@code sentNanos} is its timestamp or {@link Long#MIN_VALUE}. */
        void publication(long sentNanos);

        /** A reply to publish request {@code id}; {@code error} is null on success. */
        void published(int id, String error);

        /** The server pinged; the connection must send {@code pong}. */
        void ping(String pong);

        /** The server refused something; {@code description} says what. */
        void error(String description);
    }
}
