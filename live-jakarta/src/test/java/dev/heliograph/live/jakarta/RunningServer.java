package dev.heliograph.live.jakarta;

import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.function.Consumer;

/** An embedded container started for a test, serving on 127.0.0.1 at {@link #port()}. */
interface RunningServer extends AutoCloseable {

    int port();

    default URI http(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    default URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    @Override
    void close() throws Exception;

    /** Starts a container whose context calls {@code register} while it initialises. */
    @FunctionalInterface
    interface Launcher {
        RunningServer start(Consumer<ServletContext> register) throws Exception;
    }
}
