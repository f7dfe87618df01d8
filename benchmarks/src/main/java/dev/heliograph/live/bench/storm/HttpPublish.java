package dev.heliograph.live.bench.storm;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Publishes over {@code POST /api/live/publish} as the demo's admin, with the JDK HTTP client
 * (HTTP/1.1), at most {@code maxInFlight} requests at a time, each given five seconds. A
 * publication that finds no free slot is not sent (its future says so at once): a stalled server
 * shows up as refused work, never as an unbounded queue in the harness.
 *
 * <p>Thread-safe; answers complete on the HTTP client's threads.
 */
final class HttpPublish {
    /** The outcome of one publication: the HTTP status, or a negative code for "not answered". */
    static final int NO_SLOT = -1;
    static final int FAILED = -2;

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final StormTarget target;
    private final HttpClient client;
    private final Semaphore inFlight;

    HttpPublish(StormTarget target, int maxInFlight) {
        this.target = target;
        this.inFlight = new Semaphore(maxInFlight);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Publishes {@code dataJson} to {@code channelPath} (no org prefix); completes with the HTTP
     * status, {@link #FAILED} (no answer in time, connection refused) or {@link #NO_SLOT}.
     */
    CompletableFuture<Integer> publish(String channelPath, String dataJson) {
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.completedFuture(NO_SLOT);
        }
        HttpRequest request = HttpRequest.newBuilder(target.publishUri())
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", target.authorization())
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"" + channelPath + "\",\"data\":" + dataJson + "}"))
                .build();
        try {
            return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        inFlight.release();
                        return failure != null ? FAILED : response.statusCode();
                    });
        } catch (RuntimeException e) {
            inFlight.release();
            return CompletableFuture.completedFuture(FAILED);
        }
    }
}
