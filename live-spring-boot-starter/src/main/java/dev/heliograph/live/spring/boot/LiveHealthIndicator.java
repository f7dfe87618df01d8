package dev.heliograph.live.spring.boot;

import static java.util.Objects.requireNonNull;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code live} health indicator on Spring Boot 4 ({@code spring-boot-health}): UP or DOWN
 * from {@link EngineHealth}, with its details. Registered by {@link LiveHealthAutoConfiguration};
 * called on the actuator's threads.
 */
final class LiveHealthIndicator implements HealthIndicator {
    private final EngineHealth engine;

    LiveHealthIndicator(EngineHealth engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    @Override
    public Health health() {
        Health.Builder health = engine.up() ? Health.up() : Health.down();
        return health.withDetails(engine.details()).build();
    }
}
