package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("WebSocket misuse on embedded Jetty 12 (ee11)")
class JettyWebSocketMisuseIT extends WebSocketMisuseContractIT {
    @Override
    protected RunningServer start(Consumer<ServletContext> register) throws Exception {
        return JettyServers.start(register);
    }
}
