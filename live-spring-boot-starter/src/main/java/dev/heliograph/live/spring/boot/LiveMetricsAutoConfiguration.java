package dev.heliograph.live.spring.boot;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.micrometer.LiveMeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The node's meters ({@link LiveMeterBinder}, {@code heliograph.live.*}) as a {@code MeterBinder}
 * bean, which Boot's metrics auto-configuration binds to every {@code MeterRegistry} on both Boot
 * lines (with the actuator, {@code /actuator/prometheus} shows them when the Prometheus registry
 * is present). Only when Micrometer is on the class path; a host's own {@code LiveMeterBinder}
 * bean wins.
 */
@AutoConfiguration(after = LiveAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(LiveNode.class)
public class LiveMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LiveMeterBinder liveMeterBinder(LiveNode node) {
        return new LiveMeterBinder(node);
    }
}
