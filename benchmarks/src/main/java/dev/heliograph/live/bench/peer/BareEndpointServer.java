package dev.heliograph.live.bench.peer;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * {@link #register} adds the same endpoint and servlet to any container: {@link BareTomcatServer}
 * runs them on Tomcat.
 */
public final class BareEndpointServer {
    private BareEndpointServer() {}

    public static void main(String[] args) throws Exception {
        int port = PeerServer.port(args);
        Server server = PeerServer.start(port, context -> JakartaWebSocketServletContainerInitializer.configure(context,
                (servletContext, container) -> register(servletContext, container, AckEndpoint.class)));
        System.out.println("bare Jakarta endpoint on ws://127.0.0.1:" + port + "/bare, pid " + ProcessHandle.current().pid());
        server.join();
    }

    /**
     * Adds {@code endpoint} at {@code /bare} and the publish servlet at {@code /api/live/publish} to
     * a context that is initialising, with the peers' one-hour session idle timeout. Called once
     * per server on the container's start-up thread: with {@link AckEndpoint} on Jetty, with
     * {@link OneInFlightAckEndpoint} on Tomcat ({@link BareTomcatServer}).
     */
    static void register(ServletContext context, ServerContainer container, Class<? extends AckEndpoint> endpoint)
            throws DeploymentException {
        ServletRegistration.Dynamic publish = context.addServlet("bare-publish", new PublishServlet());
        publish.addMapping("/api/live/publish");
        container.setDefaultMaxSessionIdleTimeout(PeerServer.IDLE_TIMEOUT.toMillis());
        container.addEndpoint(ServerEndpointConfig.Builder.create(endpoint, "/bare").build());
    }

    /** Senders by channel (without the org prefix), for the publish servlet. */
    private static final Map<String, Set<BareSender>> SUBSCRIBERS = new ConcurrentHashMap<>();

    /**
     * Answers every command with an empty result of the same method; sends straight to the async
     * remote ({@link BareSender#direct}). Public for the container.
     */
    public static class AckEndpoint extends Endpoint {
        private volatile BareSender sender;
        private volatile String channel;

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            BareSender out = sender(session);
            sender = out;
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                for (String line : text.split("\n")) {
                    String subscribed = PeerPublish.subscribedChannel(line);
                    if (subscribed != null) {
                        channel = subscribed;
                        SUBSCRIBERS.computeIfAbsent(subscribed, c -> ConcurrentHashMap.newKeySet()).add(out);
                    }
                    String reply = ack(line);
                    if (reply != null) {
                        out.send(reply);
                    }
                }
            });
        }

        /** How this endpoint writes to {@code session}. */
        BareSender sender(Session session) {
            return BareSender.direct(session);
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            String c = channel;
            BareSender out = sender;
            if (c != null && out != null) {
                SUBSCRIBERS.getOrDefault(c, Set.of()).remove(out);
            }
        }
    }

    /** The same endpoint with one send in flight per session, as Tomcat requires. Public for the container. */
    public static final class OneInFlightAckEndpoint extends AckEndpoint {
        @Override
        BareSender sender(Session session) {
            return new OneInFlightSender(session);
        }
    }

    /** One String per publication, handed to every subscriber's async remote. */
    static final class PublishServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            PeerPublish publish = PeerPublish.read(request, response);
            if (publish == null) {
                return;
            }
            String text = publish.push();
            for (BareSender subscriber : SUBSCRIBERS.getOrDefault(publish.channel(), Set.of())) {
                subscriber.send(text);
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
