package dev.heliograph.live.example;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Collects a JDK WebSocket's text frames into a queue and finds the next protocol line that
 * contains a marker, for the examples' ITs that talk to the demo with the plain JDK client.
 * The listener runs on the client's thread; the queue is read by the test thread.
 */
final class TextFrames {
    private TextFrames() {}

    /** A listener that adds every whole text frame to {@code frames}. */
    static WebSocket.Listener collector(LinkedBlockingQueue<String> frames) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        };
    }

    /** The next newline-separated line containing {@code marker}, waiting up to 10 s. */
    static String nextContaining(LinkedBlockingQueue<String> frames, String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String frame = frames.poll(100, TimeUnit.MILLISECONDS);
            if (frame == null) {
                continue;
            }
            for (String line : frame.split("\n")) {
                if (line.contains(marker)) {
                    return line;
                }
                seen.append(line).append('\n');
            }
        }
        throw new AssertionError("no frame containing " + marker + " within 10 s; got:\n" + seen);
    }
}
