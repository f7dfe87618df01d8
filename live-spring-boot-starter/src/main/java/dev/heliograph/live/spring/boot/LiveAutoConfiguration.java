package dev.heliograph.live.spring.boot;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.jakarta.Authenticator;
import dev.heliograph.live.jakarta.LiveServlets;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;

/**
 * What the starter adds to a Spring Boot application (3.5.x or 4.0.x):
 * <ul>
 *   <li>{@link LiveSettings} from {@code heliograph.live.*} ({@link LiveProperties}), unless the
 *       host defines its own;</li>
 *   <li>a {@link LiveNode} built from them, with the host's {@link LiveNodeCustomizer} beans
 *       applied (the Redis engine when {@code heliograph.live.ha-engine=redis} and
 *       {@code live-redis} is on the class path), unless the host defines its own node bean;</li>
 *   <li>{@link LiveNodeShutdown}: the node closes (3001 to clients) before the web server's
 *       graceful shutdown, and again, idempotently, when the bean is destroyed;</li>
 *   <li>in a servlet web application, a {@link ServletContextInitializer} that calls
 *       {@link LiveServlets#register} on the embedded container with the host's
 *       {@link Authenticator} bean, or {@link SpringSecurityAuthenticator} when Spring Security is
 *       present; with neither, start-up fails with {@link MissingAuthenticatorException}.</li>
 * </ul>
 * Turned off with {@code heliograph.live.enabled=false}. The health indicator lives in
 * {@link LiveHealthAutoConfiguration}.
 */
@AutoConfiguration
@ConditionalOnClass({LiveNode.class, LiveServlets.class})
@ConditionalOnProperty(prefix = "heliograph.live", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(LiveProperties.class)
public class LiveAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LiveSettings liveSettings(LiveProperties properties) {
        return properties.toSettings();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    LiveNode liveNode(LiveSettings settings, ObjectProvider<LiveNodeCustomizer> customizers) {
        LiveNode.Builder builder = LiveNode.builder().settings(settings);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    @Bean
    LiveNodeShutdown liveNodeShutdown(LiveNode node) {
        return new LiveNodeShutdown(node);
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnMissingBean(name = "liveServletContextInitializer")
    ServletContextInitializer liveServletContextInitializer(LiveNode node, ObjectProvider<Authenticator> authenticator) {
        Authenticator auth = authenticator.getIfAvailable();
        if (auth == null) {
            throw new MissingAuthenticatorException();
        }
        return servletContext -> LiveServlets.register(servletContext, node, auth);
    }

    /** The default authenticator from Spring Security's signed-in user, unless the host has its own. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
    static class SpringSecurityAuthenticatorConfiguration {

        @Bean
        @ConditionalOnMissingBean(Authenticator.class)
        SpringSecurityAuthenticator liveSpringSecurityAuthenticator(LiveProperties properties) {
            LiveProperties.Security s = properties.getSecurity();
            return new SpringSecurityAuthenticator(s.getOrgId(), s.getAdminAuthority(), s.getEditorAuthority());
        }
    }
}
