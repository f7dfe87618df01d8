package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Connect tokens on embedded Tomcat 11")
class TomcatTokenUpgradeIT extends TokenUpgradeContractIT {
    @Override
    protected RunningServer start(Consumer<ServletContext> register) throws Exception {
        return TomcatServers.start(register);
    }
}
