package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("On embedded Jetty 12 (ee11) with native writes off (the Jakarta fallback)")
class JettyJakartaOnlyWebSocketMisuseIT extends WebSocketMisuseContractIT {
    @Override
    protected RunningServer start(Consumer<ServletContext> register) throws Exception {
        return JettyServers.startJakartaOnly(register);
    }
}
