package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Connect tokens on embedded Jetty 12 (ee11)")
class JettyTokenUpgradeIT extends TokenUpgradeContractIT {
    @Override
    protected RunningServer start(Consumer<ServletContext> register) throws Exception {
        return JettyServers.start(register);
    }
}
