package dev.heliograph.live.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes with {@code POST /api/live/publish} and {@code {"channel":"<path>","data":{...}}},
 * over HTTP/1.1 with the JDK client and Basic credentials. At most 64 requests are in flight;
 * {@link #publish} blocks for a free slot, so a saturated server shows up as a lower achieved rate
 * rather than an unbounded queue.
 *
 * <p>{@link #publish} is called by one thread; responses arrive on the HTTP client's threads.
 */
final class HttpPublisher implements Publisher {
    private static final int MAX_IN_FLIGHT = 64;

    private final LoadOptions options;
    private final LoadStats stats;
    private final URI uri;
    private final String auth;
    private final HttpClient client;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    HttpPublisher(LoadOptions options, LoadStats stats) {
        this.options = options;
        this.stats = stats;
        this.uri = options.target().http(options.publishPath());
        this.auth = ConnectionPool.basicAuth(options.user(), options.password());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public void publish(int channelIndex, String json) throws InterruptedException {
        String body = "{\"channel\":\"" + options.channelName(channelIndex) + "\",\"data\":" + json + "}";
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            request.header("Authorization", auth);
        }
        inFlight.acquire();
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            inFlight.release();
            if (failure != null) {
                stats.publishFailures.increment();
                stats.failure("publish failed: " + LoadConnection.reason(failure));
            } else if (response.statusCode() / 100 != 2) {
                stats.publishFailures.increment();
                String text = response.body();
                stats.failure("publish answered HTTP " + response.statusCode() + ": "
                        + (text.length() > 120 ? text.substring(0, 120) + "..." : text));
            } else {
                stats.published.increment();
            }
        });
    }

    @Override
    public void close() {
        try {
            if (inFlight.tryAcquire(MAX_IN_FLIGHT, 10, TimeUnit.SECONDS)) {
                inFlight.release(MAX_IN_FLIGHT);
            } else {
                stats.failure("publish responses still outstanding after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
