package dev.heliograph.live.bench.storm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The server under test as its users run it: {@code java [jvm options] -jar live-example.jar
 * --port P [flags]} in its own process, stdout and stderr appended to a log file. The harness
 * only sees it from outside: its port, {@code /proc/<pid>}, its log, and how it reacts to
 * SIGTERM.
 *
 * <p>Used by one scenario thread. {@link #close()} kills it (SIGKILL) if it still runs.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path log;
    private final List<String> command;

    private ServerProcess(Process process, int port, Path log, List<String> command) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.command = command;
    }

    /**
     * Starts the jar on a free port and returns once it accepts TCP connections.
     *
     * @param jvmOptions e.g. {@code -Xmx1g}
     * @param flags the demo's flags after {@code --port}
     */
    static ServerProcess start(Path jar, List<String> jvmOptions, List<String> flags, Path log) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no server jar at " + jar + ": build it with"
                    + " ./mvnw -B -q -pl examples,benchmarks -am -DskipTests package");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return startOn(freePort(), jar, jvmOptions, flags, log);
            } catch (PortTakenException e) {
                if (attempt == 3) {
                    throw new IOException(e.getMessage());
                }
            }
        }
    }

    /** Another process took the port between our check and the server's bind. */
    private static final class PortTakenException extends IOException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    private static ServerProcess startOn(int port, Path jar, List<String> jvmOptions, List<String> flags, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--port");
        command.add(Integer.toString(port));
        command.addAll(flags);
        Files.createDirectories(log.getParent());
        Files.writeString(log, "# " + String.join(" ", command) + "\n");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcess server = new ServerProcess(process, port, log, command);
        // a harness stopped by Ctrl-C or SIGTERM takes its server with it
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "storm-server-reaper"));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!server.accepts()) {
            if (!process.isAlive()) {
                String tail = ServerLog.tail(log, 20);
                if (tail.contains("Failed to bind")) {
                    throw new PortTakenException("port " + port + " was taken: " + tail);
                }
                throw new IOException("the server exited with " + process.exitValue() + " before listening; "
                        + "its log " + log + " ends with:\n" + tail);
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IOException("the server did not listen on " + port + " within " + START_TIMEOUT.toSeconds()
                        + " s; log: " + log);
            }
            LockSupport.parkNanos(100_000_000L);
        }
        return server;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A port below Linux's ephemeral range (32768 and up), so the storm's own outgoing connections
     * cannot take it between this check and the server's bind; never Redis's 6379.
     */
    private static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IOException("no free port found in 20000..32000");
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    String commandLine() {
        return String.join(" ", command);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** A look at the process now, or null when it is gone. */
    ProcSample sample() {
        try {
            return ProcSample.of(process.pid());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Sends SIGTERM and waits up to {@code bound} for the process to exit. If it does not, asks
     * for a thread dump (SIGQUIT: the JVM prints it into the log), then kills it.
     */
    Termination terminate(Duration bound) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy(); // SIGTERM on Linux
        boolean exited = process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        long elapsed = System.nanoTime() - start;
        if (!exited) {
            try {
                new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
                process.waitFor(2, TimeUnit.SECONDS); // let the dump reach the log
            } catch (IOException e) {
                // no kill command: the dump is a bonus
            }
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return new Termination(false, elapsed, -1);
        }
        return new Termination(true, elapsed, process.exitValue());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * How SIGTERM went.
     *
     * @param exited whether it exited within the bound
     * @param nanos from SIGTERM to exit (or to giving up)
     * @param exitCode the exit status, -1 when it had to be killed
     */
    record Termination(boolean exited, long nanos, int exitCode) {}
}
