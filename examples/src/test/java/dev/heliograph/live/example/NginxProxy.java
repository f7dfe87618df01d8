package dev.heliograph.live.example;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx ({@code /usr/sbin/nginx}, Debian's package) in front of a demo server, run as a
 * foreground child process with its own prefix, config, logs and temp directories in a test
 * folder, listening on a free loopback port. Created and closed by one test thread.
 */
final class NginxProxy implements AutoCloseable {

    /** The WebSocket proxy configuration of the Live operations notes: Upgrade and Connection passed on. */
    static final String WEBSOCKET_LOCATION = """
                        proxy_pass http://live;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header Host $host;
            """;

    /** A common mistake: a plain reverse proxy, which drops the hop-by-hop Upgrade and Connection headers. */
    static final String PLAIN_LOCATION = """
                        proxy_pass http://live;
                        proxy_http_version 1.1;
                        proxy_set_header Host $host;
            """;

    private final Process process;
    private final Path dir;
    private final int port;

    private NginxProxy(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts nginx on a free port proxying to {@code 127.0.0.1:upstreamPort} with {@code location} as the body of {@code location /}. */
    static NginxProxy start(Path dir, int port, int upstreamPort, String location) throws IOException {
        return start(dir, port, List.of(upstreamPort), location);
    }

    /**
     * As {@link #start(Path, int, int, String)} with several upstream servers, taken in turn
     * (nginx's round robin: no sticky sessions). The access log names the upstream of each request.
     */
    static NginxProxy start(Path dir, int port, List<Integer> upstreamPorts, String location) throws IOException {
        StringBuilder servers = new StringBuilder();
        for (int upstreamPort : upstreamPorts) {
            servers.append("        server 127.0.0.1:").append(upstreamPort).append(";\n");
        }
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("temp"));
        String conf = """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log info;
                events { worker_connections 128; }
                http {
                    log_format upstreams '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent'
                                         ' "$http_referer" "$http_user_agent" upstream=$upstream_addr';
                    access_log %1$s/logs/access.log upstreams;
                    client_body_temp_path %1$s/temp/client_body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;

                    map $http_upgrade $connection_upgrade {
                        default upgrade;
                        '' close;
                    }

                    upstream live {
                %2$s    }

                    server {
                        listen 127.0.0.1:%3$d;

                        location / {
                %4$s        }
                    }
                }
                """.formatted(dir, servers, port, location);
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process process = new ProcessBuilder(ExternalTools.NGINX.toString(), "-p", dir.toString(), "-c", confFile.toString(),
                "-e", dir.resolve("logs/error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs/stdout.log").toFile())
                .start();
        NginxProxy proxy = new NginxProxy(process, dir, port);
        try {
            await("nginx listening on 127.0.0.1:" + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("nginx exited with " + process.exitValue() + ": "
                                    + Files.readString(dir.resolve("logs/error.log")) + "\nconfig:\n" + conf);
                        }
                        return accepts(port);
                    });
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    /** A loopback port nobody listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    List<String> accessLog() throws IOException {
        Path log = dir.resolve("logs/access.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    /** Stops nginx (SIGTERM: fast shutdown), then kills what is left after 10 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
