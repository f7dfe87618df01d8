package dev.heliograph.live.example;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.jakarta.Authenticator;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

/**
 * Registers what a browser sees of the demo: the page's files on {@code /} (the default
 * servlet) and the page's API under {@code /api/demo/*}. Call while the context initialises,
 * next to {@code LiveServlets.register}; the same {@link DemoDashboards} must be the node's
 * {@code dashboardAccess} so that the live dashboard channels know the dashboards it stores.
 */
final class DemoPage {
    private DemoPage() {}

    static void register(ServletContext context, LiveNode node, DemoDashboards dashboards, Authenticator authenticator) {
        requireNonNull(context, "context");
        add(context, "heliograph-demo-api", new DemoApiServlet(requireNonNull(node, "node"),
                requireNonNull(dashboards, "dashboards"), requireNonNull(authenticator, "authenticator")), "/api/demo/*");
        add(context, "heliograph-demo-files", new StaticFilesServlet(), "/");
    }

    private static void add(ServletContext context, String name, jakarta.servlet.Servlet servlet, String mapping) {
        ServletRegistration.Dynamic reg = context.addServlet(name, servlet);
        if (reg == null) {
            throw new IllegalStateException("a servlet named " + name + " is already registered in this context");
        }
        reg.addMapping(mapping);
    }
}
