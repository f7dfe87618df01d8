package dev.heliograph.live.example.boot;

import dev.heliograph.live.spring.boot.LiveNodeCustomizer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application with Live, as a newcomer writes it: a {@code spring-boot-starter-web}
 * project plus {@code live-spring-boot-starter}, {@code application.properties}, one channel
 * handler ({@link ChatRooms}) and the security settings ({@link SecurityConfig}). The starter does
 * the rest: the node, the WebSocket endpoint at {@code /api/live/ws}, the HTTP API under
 * {@code /api/live}, graceful shutdown and the {@code live} health indicator. Built and tested on
 * Spring Boot 4.0 ({@code examples-boot/boot4}) and 3.5 ({@code examples-boot/boot3}).
 */
@SpringBootApplication
public class LiveBootApplication {

    public static void main(String[] args) {
        SpringApplication.run(LiveBootApplication.class, args);
    }

    /** The app's own channels: {@code chat/rooms/<room>}. */
    @Bean
    LiveNodeCustomizer chatRooms() {
        return builder -> builder.channelHandler("chat", "rooms", new ChatRooms());
    }
}
