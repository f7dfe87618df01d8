package dev.heliograph.live.bench.peer;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;

/**
 * The floor for memory per connection: a bare Jakarta WebSocket endpoint in the same embedded
 * Jetty, with no messaging library. It answers each command line {@code {"id":N,"<method>":...}}
 * with {@code {"id":N,"<method>":{}}} (just enough Centrifuge for the load tool to count the
 * connection as subscribed) and keeps no state of its own, so what a connection costs here is
 * what the container costs.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.heliograph.live.bench.peer.BareEndpointServer --port 8091},
 * endpoint {@code ws://127.0.0.1:8091/bare}. Handlers run on Jetty's threads, one message at a time per session.
 */
public final class BareEndpointServer {
    private BareEndpointServer() {}

    public static void main(String[] args) throws Exception {
        int port = PeerServer.port(args);
        Server server = PeerServer.start(port, context -> JakartaWebSocketServletContainerInitializer.configure(context,
                (servletContext, container) -> {
                    container.setDefaultMaxSessionIdleTimeout(PeerServer.IDLE_TIMEOUT.toMillis());
                    container.addEndpoint(ServerEndpointConfig.Builder.create(AckEndpoint.class, "/bare").build());
                }));
        System.out.println("bare Jakarta endpoint on ws://127.0.0.1:" + port + "/bare, pid " + ProcessHandle.current().pid());
        server.join();
    }

    /** Answers every command with an empty result of the same method. Public for the container. */
    public static final class AckEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                for (String line : text.split("\n")) {
                    String reply = ack(line);
                    if (reply != null) {
                        session.getAsyncRemote().sendText(reply);
                    }
                }
            });
        }
    }

    /** {@code {"id":N,"m":...}} becomes {@code {"id":N,"m":{}}}; anything else (a pong) gets no answer. */
    static String ack(String line) {
        int id = line.indexOf("\"id\":");
        if (id < 0) {
            return null;
        }
        int end = id + 5;
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        int keyStart = line.indexOf('"', end);
        int keyEnd = keyStart < 0 ? -1 : line.indexOf('"', keyStart + 1);
        if (keyEnd < 0) {
            return null;
        }
        return "{\"id\":" + line.substring(id + 5, end) + "," + line.substring(keyStart, keyEnd + 1) + ":{}}";
    }
}
