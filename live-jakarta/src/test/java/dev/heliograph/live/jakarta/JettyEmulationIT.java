package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Emulated transports on embedded Jetty 12")
class JettyEmulationIT extends EmulationContractIT {
    @Override
    protected RunningServer start(Consumer<ServletContext> register) throws Exception {
        return JettyServers.start(register);
    }
}
