package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("WebSocket misuse on embedded Tomcat 11")
class TomcatWebSocketMisuseIT extends WebSocketMisuseContractIT {
    @Override
    protected RunningServer start(Consumer<ServletContext> register) throws Exception {
        return TomcatServers.start(register);
    }
}
