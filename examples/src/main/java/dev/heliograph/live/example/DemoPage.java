package dev.heliograph.live.example;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.jakarta.Authenticator;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.net.URL;
import org.eclipse.jetty.ee11.servlet.ResourceServlet;

/**
 * Registers what a browser sees of the demo: the page's files on {@code /} and the page's API
 * under {@code /api/demo/*}. The files are {@code static/} on the class path (in the jar, so the
 * demo needs no web root on disk), served by Jetty's own {@link ResourceServlet}: content types,
 * conditional requests and path checks are the container's; {@code /} is {@code index.html}
 * (the context's welcome file, set by {@link DemoServer}). The page's scripts include the
 * official {@code centrifuge} client and uPlot, vendored under {@code static/vendor/} with their
 * licences. Call while the context initialises, next to {@code LiveServlets.register}; the same
 * {@link DemoDashboards} must be the node's {@code dashboardAccess} so that the live dashboard
 * channels know the dashboards it stores.
 */
final class DemoPage {
    private DemoPage() {}

    static void register(ServletContext context, LiveNode node, DemoDashboards dashboards, Authenticator authenticator) {
        requireNonNull(context, "context");
        add(context, "heliograph-demo-api", new DemoApiServlet(requireNonNull(node, "node"),
                requireNonNull(dashboards, "dashboards"), requireNonNull(authenticator, "authenticator")), "/api/demo/*");
        ServletRegistration.Dynamic files = add(context, "heliograph-demo-files", new ResourceServlet(), "/");
        files.setInitParameter("baseResource", pageFiles());
        files.setInitParameter("dirAllowed", "false");
        files.setInitParameter("cacheControl", "no-cache");
    }

    /** The URI of {@code static/} where this class was loaded from: a directory, or a folder in the jar. */
    private static String pageFiles() {
        URL index = DemoPage.class.getClassLoader().getResource("static/index.html");
        if (index == null) {
            throw new IllegalStateException("the demo page's files (static/ on the class path) are missing from this build");
        }
        String uri = index.toExternalForm();
        return uri.substring(0, uri.length() - "index.html".length());
    }

    private static ServletRegistration.Dynamic add(ServletContext context, String name, jakarta.servlet.Servlet servlet,
            String mapping) {
        ServletRegistration.Dynamic reg = context.addServlet(name, servlet);
        if (reg == null) {
            throw new IllegalStateException("a servlet named " + name + " is already registered in this context");
        }
        reg.addMapping(mapping);
        return reg;
    }
}
