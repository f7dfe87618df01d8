/**
 * Spring Boot auto-configuration for Heliograph Live: add {@code dev.heliograph:live-spring-boot-starter}
 * to a Boot 3.5 or 4.0 web application and it gets a {@link dev.heliograph.live.LiveNode} bean
 * configured from {@code heliograph.live.*} ({@link dev.heliograph.live.spring.boot.LiveProperties}),
 * the WebSocket endpoint and HTTP API on the embedded container, an authenticator from Spring
 * Security's signed-in user, a graceful shutdown that closes clients with 3001 before the web
 * server stops, and a {@code live} health indicator. A host changes the node through
 * {@link dev.heliograph.live.spring.boot.LiveNodeCustomizer} beans, or replaces any of these beans
 * with its own.
 */
@NullMarked
package dev.heliograph.live.spring.boot;

import org.jspecify.annotations.NullMarked;
