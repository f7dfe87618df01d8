package dev.heliograph.live.jakarta;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP/1.1 client on a bare socket, for the requests ordinary clients never send: a body that
 * stops half way, a body far over the limit written while (or before) the answer is read. Used by
 * one test thread, except that {@link #write} may run on another thread than the reads.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** The head of a request: request line, {@code headers} (each ending in CRLF), blank line. */
    static String head(String method, String path, String headers) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
    }

    void write(String ascii) throws IOException {
        write(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes {@code total} bytes of {@code x} in chunks; throws once the server stops taking them. */
    void writeFiller(long total) throws IOException {
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        for (long sent = 0; sent < total; sent += chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, total - sent));
        }
        out.flush();
    }

    /** Whether any byte of an answer has arrived (does not wait). */
    boolean answered() throws IOException {
        return in.available() > 0;
    }

    /** Reads one answer, skipping a {@code 100 Continue}; waits up to 30 s. */
    Response read() throws IOException {
        Response r = readOne();
        return r.status() == 100 ? readOne() : r;
    }

    private Response readOne() throws IOException {
        String statusLine = line();
        Map<String, String> headers = new TreeMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        if (status == 100) {
            return new Response(status, headers, "");
        }
        String length = headers.get("content-length");
        byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : new byte[0];
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection after '" + line.toString(StandardCharsets.UTF_8)
                        + "'");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One answer: status, headers by lower-cased name, body. */
    record Response(int status, Map<String, String> headers, String body) {}
}
