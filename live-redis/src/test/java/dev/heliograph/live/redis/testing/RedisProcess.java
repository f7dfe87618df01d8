package dev.heliograph.live.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code redis-server} process (a server, a replica or a sentinel) on a free loopback
 * port, without persistence. Ready means it answers PING; {@link #stop()} kills it (SIGKILL, like
 * a crash) and {@link #restart()} starts it again on the same port. Never touches port 6379.
 */
public final class RedisProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final List<String> extraArgs;
    private final Path dir;
    private final Path configFile;
    private final int port;
    private Process process;

    private RedisProcess(int port, Path configFile, List<String> extraArgs) {
        this.port = port;
        this.configFile = configFile;
        this.extraArgs = List.copyOf(extraArgs);
        try {
            this.dir = Files.createTempDirectory("redis-" + port + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain server; {@code extraArgs} such as {@code --replicaof 127.0.0.1 7001}. */
    public static RedisProcess server(String... extraArgs) {
        RedisProcess p = new RedisProcess(freePort(), null, List.of(extraArgs));
        p.start();
        return p;
    }

    /** A sentinel whose config file holds {@code configLines} (it rewrites the file, as sentinels do). */
    public static RedisProcess sentinel(List<String> configLines) {
        int port = freePort();
        try {
            Path conf = Files.createTempFile("sentinel-" + port + "-", ".conf");
            List<String> lines = new ArrayList<>();
            lines.add("port " + port);
            lines.add("bind 127.0.0.1");
            lines.addAll(configLines);
            Files.write(conf, lines);
            RedisProcess p = new RedisProcess(port, conf, List.of("--sentinel"));
            p.start();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the process (SIGKILL: no shutdown, like a crash) and waits until it is gone. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not die within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts it again on the same port (empty: there is no persistence). */
    public synchronized void restart() {
        stop();
        start();
    }

    private synchronized void start() {
        List<String> cmd = new ArrayList<>();
        cmd.add(RedisBinary.find().toString());
        if (configFile != null) {
            cmd.add(configFile.toString());
        } else {
            cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"));
        }
        cmd.addAll(extraArgs);
        Path log = dir.resolve("redis.log");
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!ping()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String tail = tail(log);
                process.destroyForcibly();
                throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                        + READY_TIMEOUT.toSeconds() + " s; its log:\n" + tail);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll PING until ready
        }
    }

    /** True when the server answers PING with PONG right now. */
    public boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            return n == 7 && new String(buf, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A port nothing listens on now (never 6379). */
    public static int freePort() {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (port != 6379 && port != 26379) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port found");
    }

    @Override
    public void close() {
        stop();
    }
}
