package dev.heliograph.live.spring.boot;

import dev.heliograph.live.LiveNode;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code live} health indicator ({@code /actuator/health/live}) when the actuator is present:
 * the engine up or down ({@link EngineHealth}). Boot 4 moved the health API to
 * {@code org.springframework.boot.health.contributor}; each line gets its indicator from a nested
 * configuration guarded by that line's class, so neither is loaded on the other line. Turned off
 * with {@code management.health.live.enabled=false}.
 */
@AutoConfiguration(after = LiveAutoConfiguration.class)
@ConditionalOnBean(LiveNode.class)
@ConditionalOnProperty(prefix = "management.health.live", name = "enabled", havingValue = "true", matchIfMissing = true)
public class LiveHealthAutoConfiguration {

    /** Spring Boot 4.x. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot4 {
        @Bean
        @ConditionalOnMissingBean(name = "liveHealthIndicator")
        LiveHealthIndicator liveHealthIndicator(LiveNode node) {
            return new LiveHealthIndicator(new EngineHealth(node));
        }
    }

    /** Spring Boot 3.x (and never beside Boot 4's health API). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot3 {
        @Bean
        @ConditionalOnMissingBean(name = "liveHealthIndicator")
        LiveHealthIndicatorBoot3 liveHealthIndicator(LiveNode node) {
            return new LiveHealthIndicatorBoot3(new EngineHealth(node));
        }
    }
}
