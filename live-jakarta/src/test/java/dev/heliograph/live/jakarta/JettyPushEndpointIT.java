package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Push endpoints on embedded Jetty 12 (ee11)")
class JettyPushEndpointIT extends PushEndpointContractIT {
    @Override
    protected RunningServer start(Consumer<ServletContext> register) throws Exception {
        return JettyServers.start(register);
    }
}
