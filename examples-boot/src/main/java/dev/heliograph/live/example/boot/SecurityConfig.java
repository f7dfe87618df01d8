package dev.heliograph.live.example.boot;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call Live: every request signed in (form login for browsers, HTTP Basic for scripts;
 * the users come from {@code spring.security.user.*}). The starter's default authenticator turns
 * the signed-in user into the Live user ({@code ROLE_ADMIN} → Admin).
 *
 * <p>CSRF: the WebSocket upgrade is a GET (the library checks its Origin instead), but
 * {@code POST /api/live/publish} and {@code /api/live/push/*} would be refused with 403 without a
 * CSRF token. They are exempted here because this app's callers of them are scripts with HTTP
 * Basic; a page that posts with its session cookie should keep CSRF on and send the token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/live/publish", "/api/live/push/**"))
                .build();
    }
}
