package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo server against clients that send their request head too slowly: a half-open
 * WebSocket upgrade trickled a byte at a time is closed at the header deadline, though it is
 * never silent long enough for the idle timeout; a client whose headers arrived in time keeps its
 * connection past that deadline.
 */
@DisplayName("The demo server's header deadline")
class HeaderDeadlineIT {
    private static final String AUTH = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)) + "\r\n";

    private DemoServer server;
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() throws Exception {
        server = DemoServer.start("--port", "0", "--header-timeout", "1");
    }

    @AfterEach
    void stop() {
        pacer.shutdownNow();
        server.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    @Test
    @DisplayName("an upgrade whose headers trickle in a byte every 100 ms is closed at the 1 s deadline, within 10 s")
    void trickledHeadersAreClosed() throws Exception {
        byte[] head = ("GET /api/live/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dHJpY2tsZWQtaGVhZGVycw==\r\nSec-WebSocket-Version: 13\r\n" + AUTH + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            AtomicInteger sent = new AtomicInteger();
            ScheduledFuture<?> trickle = pacer.scheduleAtFixedRate(() -> {
                try {
                    out.write(head[sent.get()]);
                    out.flush();
                    sent.incrementAndGet();
                } catch (IOException e) {
                    throw new IllegalStateException("the server closed the connection", e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);

            int first = readOrReset(socket.getInputStream());

            assertThat(first).as("the server closed the connection without an answer").isEqualTo(-1);
            assertThat(sent.get()).as("bytes of the head sent before the close").isLessThan(head.length);
            trickle.cancel(false);
        }
    }

    @Test
    @DisplayName("a connection whose request headers arrived in time is still served after the deadline")
    void promptHeadersKeepTheirConnection() throws Exception {
        String request = "GET /api/live/list HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH + "\r\n";
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 200");

            CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
                try {
                    out.write(request.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS, pacer));

            later.get(10, TimeUnit.SECONDS);
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 200");
        }
    }

    /** The first byte the server sends, or -1 when it closed (or reset) the connection; waits up to 10 s. */
    private static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return -1;
            }
            throw e;
        }
    }

    /** Reads a response's status line and headers, then its body by Content-Length; returns the head. */
    private static String readResponseHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after '" + head.toString(StandardCharsets.US_ASCII) + "'");
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = text.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElse(0);
        in.readNBytes(length);
        return text;
    }
}
