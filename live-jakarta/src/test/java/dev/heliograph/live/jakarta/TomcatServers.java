package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/** Embedded Tomcat 11 with its WebSocket support, as a host application would set it up. */
final class TomcatServers {
    private TomcatServers() {}

    static RunningServer start(Consumer<ServletContext> register) throws Exception {
        return start(register, 200);
    }

    /** With at most {@code maxThreads} request threads (Tomcat's default is 200). */
    static RunningServer start(Consumer<ServletContext> register, int maxThreads) throws Exception {
        Path base = Files.createTempDirectory("tomcat-it");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxThreads", Integer.toString(maxThreads));
        connector.setProperty("minSpareThreads", Integer.toString(Math.min(10, maxThreads)));
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", base.toString());
        Tomcat.addServlet(ctx, "default", new DefaultServlet());
        ctx.addServletMappingDecoded("/", "default");
        ctx.addServletContainerInitializer(new WsSci(), null);
        ctx.addServletContainerInitializer((classes, servletContext) -> register.accept(servletContext), null);
        tomcat.start();
        int port = connector.getLocalPort();
        return new RunningServer() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() throws Exception {
                tomcat.stop();
                tomcat.destroy();
            }
        };
    }
}
