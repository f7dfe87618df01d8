package dev.heliograph.live.spring.boot;

import static java.util.Objects.requireNonNull;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code live} health indicator on Spring Boot 3 ({@code spring-boot-actuator}'s health
 * API): UP or DOWN from {@link EngineHealth}, with its details. Registered by
 * {@link LiveHealthAutoConfiguration}; called on the actuator's threads.
 */
final class LiveHealthIndicatorBoot3 implements HealthIndicator {
    private final EngineHealth engine;

    LiveHealthIndicatorBoot3(EngineHealth engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    @Override
    public Health health() {
        Health.Builder health = engine.up() ? Health.up() : Health.down();
        return health.withDetails(engine.details()).build();
    }
}
