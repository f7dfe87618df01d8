package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Request bodies on embedded Tomcat 11")
class TomcatRequestBodyIT extends RequestBodyContractIT {
    @Override
    protected RunningServer start(Consumer<ServletContext> register, int maxThreads) throws Exception {
        return TomcatServers.start(register, maxThreads);
    }
}
