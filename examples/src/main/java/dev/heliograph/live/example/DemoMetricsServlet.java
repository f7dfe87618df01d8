package dev.heliograph.live.example;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.jakarta.Authenticator;
import dev.heliograph.live.micrometer.LiveMeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET /metrics}: the node's meters ({@link LiveMeterBinder}) and a few JVM ones in the
 * Prometheus text format, for admins only. {@link DemoAuthFilter} answers 401 to a request
 * without credentials before this runs; a signed-in user who is not an admin gets 403.
 *
 * <p>Registered once by {@link DemoServer}; {@code doGet} runs on the container's request
 * threads (the registry is thread-safe).
 */
final class DemoMetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/metrics";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final transient PrometheusMeterRegistry registry;
    private final transient Authenticator authenticator;

    private DemoMetricsServlet(PrometheusMeterRegistry registry, Authenticator authenticator) {
        this.registry = registry;
        this.authenticator = authenticator;
    }

    static void register(ServletContext context, LiveNode node, Authenticator authenticator) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new LiveMeterBinder(requireNonNull(node, "node")).bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        ServletRegistration.Dynamic reg = context.addServlet("heliograph-demo-metrics",
                new DemoMetricsServlet(registry, requireNonNull(authenticator, "authenticator")));
        reg.addMapping(PATH);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<LiveUser> user = authenticator.authenticate(req);
        if (user.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        if (!user.get().role().atLeast(LiveUser.Role.ADMIN)) {
            resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
            resp.setContentType("application/json");
            resp.getWriter().write("{\"message\":\"/metrics is for admins\"}");
            return;
        }
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        resp.setContentType(PROMETHEUS_TEXT);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
