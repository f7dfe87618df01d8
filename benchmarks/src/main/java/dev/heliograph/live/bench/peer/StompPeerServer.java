package dev.heliograph.live.bench.peer;

import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * The peer the load tool measures Heliograph Live against: Spring's STOMP over WebSocket with its
 * in-memory simple broker, configured the way its reference guide shows ({@code /stomp} endpoint,
 * {@code /topic} broker prefix), in the same embedded Jetty and upgrading through the same
 * {@code ServerContainer.upgradeHttpToWebSocket} call, so only the messaging layer differs.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.heliograph.live.bench.peer.StompPeerServer --port 8090}.
 * No authentication. The simple broker does not answer STOMP receipts; a listener sends the
 * RECEIPT for a SUBSCRIBE that asks for one, so the load tool and the fan-out client know the
 * subscription exists. Publishers either {@code SEND} over STOMP (the load tool) or
 * {@code POST /api/live/publish} ({@link StompPublishServlet}, the fan-out harness), which sends
 * the data to {@code /topic/<channel>} through the broker.
 */
public final class StompPeerServer {
    private StompPeerServer() {}

    public static void main(String[] args) throws Exception {
        int port = PeerServer.port(args);
        Server server = start(port);
        System.out.println("STOMP peer (Spring simple broker) on ws://127.0.0.1:" + port + "/stomp, pid "
                + ProcessHandle.current().pid());
        server.join();
    }

    /** Starts the peer on {@code 127.0.0.1:port} (0 for any free port); the caller stops it. */
    static Server start(int port) throws Exception {
        AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
        spring.register(Config.class);
        return PeerServer.start(port, context -> {
            ServletHolder dispatcher = new ServletHolder("spring", new DispatcherServlet(spring));
            dispatcher.setInitOrder(1);
            context.addServlet(dispatcher, "/");
            ServletHolder publish = new ServletHolder("publish", new StompPublishServlet(spring));
            publish.setInitOrder(2); // after the dispatcher servlet has refreshed the context
            context.addServlet(publish, "/api/live/publish");
        });
    }

    /** Spring configuration: the STOMP endpoint, the simple broker, and the receipt listener. */
    @Configuration
    @EnableWebSocketMessageBroker
    public static class Config implements WebSocketMessageBrokerConfigurer {

        @Override
        public void registerStompEndpoints(StompEndpointRegistry registry) {
            registry.addEndpoint("/stomp")
                    .setHandshakeHandler(new DefaultHandshakeHandler(new StandardWebSocketUpgradeStrategy()));
        }

        @Override
        public void configureMessageBroker(MessageBrokerRegistry registry) {
            registry.enableSimpleBroker("/topic");
            registry.setApplicationDestinationPrefixes("/app");
        }

        /** Answers a SUBSCRIBE's {@code receipt} header, which the simple broker ignores. */
        @Bean
        public ApplicationListener<SessionSubscribeEvent> subscribeReceipts(
                @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
            return event -> {
                StompHeaderAccessor subscribe = StompHeaderAccessor.wrap(event.getMessage());
                String receipt = subscribe.getReceipt();
                if (receipt == null) {
                    return;
                }
                StompHeaderAccessor reply = StompHeaderAccessor.create(StompCommand.RECEIPT);
                reply.setReceiptId(receipt);
                reply.setSessionId(subscribe.getSessionId());
                reply.setLeaveMutable(true);
                clientOutboundChannel.send(MessageBuilder.createMessage(new byte[0], reply.getMessageHeaders()));
            };
        }
    }
}
