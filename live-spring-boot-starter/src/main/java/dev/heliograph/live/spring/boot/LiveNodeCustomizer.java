package dev.heliograph.live.spring.boot;

import dev.heliograph.live.LiveNode;

/**
 * A host bean that adds to the {@link LiveNode} the starter builds: channel handlers, stream
 * handlers, RPC methods, a token verifier, dashboard access. The settings are already on the
 * builder (from {@code heliograph.live.*}); a customizer may replace them.
 *
 * <pre>{@code
 * @Bean
 * LiveNodeCustomizer chat() {
 *     return builder -> builder.channelHandler("chat", "rooms", new ChatRooms());
 * }
 * }</pre>
 *
 * <p>Called once, in {@code @Order} order, on the thread that creates the node bean (the
 * context's start-up thread). Not called when the host defines its own {@code LiveNode} bean.
 */
@FunctionalInterface
public interface LiveNodeCustomizer {

    /** Adds to or changes the node being built. */
    void customize(LiveNode.Builder builder);
}
