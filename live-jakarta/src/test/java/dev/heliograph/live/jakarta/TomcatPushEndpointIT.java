package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Push endpoints on embedded Tomcat 11")
class TomcatPushEndpointIT extends PushEndpointContractIT {
    @Override
    protected RunningServer start(Consumer<ServletContext> register) throws Exception {
        return TomcatServers.start(register);
    }
}
