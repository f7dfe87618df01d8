package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Request bodies on embedded Jetty 12 (ee11)")
class JettyRequestBodyIT extends RequestBodyContractIT {
    @Override
    protected RunningServer start(Consumer<ServletContext> register, int maxThreads) throws Exception {
        return JettyServers.start(register, maxThreads);
    }
}
