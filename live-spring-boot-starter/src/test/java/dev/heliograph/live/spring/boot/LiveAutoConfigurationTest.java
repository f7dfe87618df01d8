package dev.heliograph.live.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.jakarta.Authenticator;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.security.core.context.SecurityContextHolder;

@DisplayName("The Live auto-configuration")
class LiveAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LiveAutoConfiguration.class, LiveHealthAutoConfiguration.class));
    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LiveAutoConfiguration.class));

    @Test
    @DisplayName("builds a node from heliograph.live.* with the host's customizers")
    void nodeFromProperties() {
        runner.withPropertyValues("heliograph.live.max-connections=7", "heliograph.live.ping-interval=2s",
                        "heliograph.live.pong-timeout=500ms")
                .withBean(LiveNodeCustomizer.class, () -> b -> b.rpcMethod("echo", (user, data) -> data))
                .run(ctx -> {
                    LiveNode node = ctx.getBean(LiveNode.class);
                    assertThat(node.settings().maxConnections()).isEqualTo(7);
                    assertThat(node.settings().pingInterval()).hasSeconds(2);
                    assertThat(node.rpcMethod("echo")).isNotNull();
                });
    }

    @Test
    @DisplayName("keeps the host's own node and settings beans")
    void hostBeansWin() {
        LiveSettings settings = LiveSettings.builder().maxConnections(3).build();
        runner.withBean(LiveSettings.class, () -> settings)
                .run(ctx -> assertThat(ctx.getBean(LiveNode.class).settings()).isSameAs(settings));
        LiveNode own = LiveNode.builder().build();
        runner.withBean(LiveNode.class, () -> own).run(ctx -> assertThat(ctx.getBean(LiveNode.class)).isSameAs(own));
        own.close();
    }

    @Test
    @DisplayName("closes the node when the context stops, before the web server's graceful shutdown")
    void closesOnStop() {
        assertThat(LiveNodeShutdown.PHASE).isGreaterThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
        runner.run(ctx -> {
            LiveNode node = ctx.getBean(LiveNode.class);
            assertThat(node.scheduler().isShutdown()).isFalse();
            ctx.stop();
            assertThat(node.scheduler().isShutdown()).as("the node's timers stopped").isTrue();
        });
    }

    @Test
    @DisplayName("is off with heliograph.live.enabled=false")
    void disabled() {
        runner.withPropertyValues("heliograph.live.enabled=false").run(ctx -> assertThat(ctx).doesNotHaveBean(LiveNode.class));
    }

    @Test
    @DisplayName("registers Live on the servlet container with Spring Security's user by default, or the host's authenticator")
    void servletInitializerAndAuthenticator() {
        web.run(ctx -> {
            assertThat(ctx).hasSingleBean(ServletContextInitializer.class);
            assertThat(ctx.getBean(Authenticator.class)).isInstanceOf(SpringSecurityAuthenticator.class);
        });
        Authenticator own = request -> Optional.of(new LiveUser("u", "u", 1, LiveUser.Role.VIEWER));
        web.withBean(Authenticator.class, () -> own).run(ctx -> assertThat(ctx.getBean(Authenticator.class)).isSameAs(own));
    }

    @Test
    @DisplayName("fails to start without Spring Security and without an authenticator, saying what to add")
    void missingAuthenticator() {
        web.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class)).run(ctx -> {
            assertThat(ctx.getStartupFailure()).hasRootCauseInstanceOf(MissingAuthenticatorException.class);
            FailureAnalysis analysis = new MissingAuthenticatorFailureAnalyzer().analyze(ctx.getStartupFailure());
            assertThat(analysis.getAction()).contains("spring-boot-starter-security").contains("Authenticator");
        });
    }

    @Test
    @DisplayName("reports the in-memory engine as up in the live health indicator")
    void health() {
        runner.run(ctx -> {
            LiveHealthIndicator indicator = ctx.getBean(LiveHealthIndicator.class);
            assertThat(indicator.health().getStatus().getCode()).isEqualTo("UP");
            assertThat(indicator.health().getDetails()).containsEntry("engine", "memory").containsEntry("connections", 0);
        });
    }

    @Test
    @org.junit.jupiter.api.DisplayName("binds the node's meters to Boot's MeterRegistry: a LiveMeterBinder bean whose meters a registry sees")
    void metersBound() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LiveAutoConfiguration.class, LiveMetricsAutoConfiguration.class))
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(dev.heliograph.live.micrometer.LiveMeterBinder.class);
                    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
                    ctx.getBean(dev.heliograph.live.micrometer.LiveMeterBinder.class).bindTo(registry);
                    assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                            .anyMatch(name -> name.startsWith("heliograph.live."));
                });
    }
}
