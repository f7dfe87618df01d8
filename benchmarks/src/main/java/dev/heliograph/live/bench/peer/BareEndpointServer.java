package dev.heliograph.live.bench.peer;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/**
 * The floor for memory per connection: a bare Jakarta WebSocket endpoint in the same embedded
 * Jetty, with no messaging library. It answers each command line {@code {"id":N,"<method>":...}}
 * with {@code {"id":N,"<method>":{}}} (just enough Centrifuge for the load tool to count the
 * connection as subscribed) and keeps no state of its own beyond its channel, so what a
 * connection costs here is what the container costs.
 *
 * <p>The floor for fan-out: {@code POST /api/live/publish} with {@code {"channel":..,"data":..}}
 * builds the push String once and hands it to every subscribed session's async remote (one
 * shared completion handler), answering after the loop, as our HTTP publish does.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.heliograph.live.bench.peer.BareEndpointServer --port 8091},
 * endpoint {@code ws://127.0.0.1:8091/bare}. Handlers run on Jetty's threads, one message at a time per session.
 */
public final class BareEndpointServer {
    private BareEndpointServer() {}

    public static void main(String[] args) throws Exception {
        int port = PeerServer.port(args);
        Server server = PeerServer.start(port, context -> {
            context.addServlet(new ServletHolder(new PublishServlet()), "/api/live/publish");
            JakartaWebSocketServletContainerInitializer.configure(context,
                (servletContext, container) -> {
                    container.setDefaultMaxSessionIdleTimeout(PeerServer.IDLE_TIMEOUT.toMillis());
                    container.addEndpoint(ServerEndpointConfig.Builder.create(AckEndpoint.class, "/bare").build());
                });
        });
        System.out.println("bare Jakarta endpoint on ws://127.0.0.1:" + port + "/bare, pid " + ProcessHandle.current().pid());
        server.join();
    }

    /** Sessions by channel (without the org prefix), for the publish servlet. */
    private static final Map<String, Set<Session>> SUBSCRIBERS = new ConcurrentHashMap<>();
    private static final SendHandler IGNORE = result -> { };

    /** Answers every command with an empty result of the same method. Public for the container. */
    public static final class AckEndpoint extends Endpoint {
        private volatile String channel;

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                for (String line : text.split("\n")) {
                    String subscribed = PeerPublish.subscribedChannel(line);
                    if (subscribed != null) {
                        channel = subscribed;
                        SUBSCRIBERS.computeIfAbsent(subscribed, c -> ConcurrentHashMap.newKeySet()).add(session);
                    }
                    String reply = ack(line);
                    if (reply != null) {
                        session.getAsyncRemote().sendText(reply);
                    }
                }
            });
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            String c = channel;
            if (c != null) {
                SUBSCRIBERS.getOrDefault(c, Set.of()).remove(session);
            }
        }
    }

    /** One String per publication, handed to every subscriber's async remote. */
    static final class PublishServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            PeerPublish publish;
            try {
                publish = PeerPublish.parse(new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                response.sendError(400, e.getMessage());
                return;
            }
            String text = publish.push();
            for (Session session : SUBSCRIBERS.getOrDefault(publish.channel(), Set.of())) {
                try {
                    session.getAsyncRemote().sendText(text, IGNORE);
                } catch (RuntimeException e) {
                    // closing session: the fan-out goes on
                }
            }
            response.setContentType("application/json");
            response.getWriter().write("{}");
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
