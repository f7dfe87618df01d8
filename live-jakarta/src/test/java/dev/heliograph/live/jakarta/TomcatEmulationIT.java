package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Emulated transports on embedded Tomcat 11")
class TomcatEmulationIT extends EmulationContractIT {
    @Override
    protected RunningServer start(Consumer<ServletContext> register) throws Exception {
        return TomcatServers.start(register);
    }
}
