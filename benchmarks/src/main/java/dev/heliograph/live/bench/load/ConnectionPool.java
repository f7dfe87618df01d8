package dev.heliograph.live.bench.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Opens and owns the load tool's WebSocket connections: one Jetty {@link WebSocketClient} per
 * loopback source address (its {@link HttpClient} bound to that address), all sharing one small
 * thread pool, so connections spread over 127.0.0.2, 127.0.0.3, ... as {@link SourceAddresses}
 * says. At most {@code connectConcurrency} connections are between "upgrade sent" and "subscribed"
 * at any time; each has 30 s to get there.
 *
 * <p>Used from the main thread; {@link #close()} closes every connection and stops the clients.
 */
final class ConnectionPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConnectionPool.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final LoadOptions options;
    private final WireProtocol protocol;
    private final LoadStats stats;
    private final QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    private final List<WebSocketClient> clients = new ArrayList<>();
    private final List<LoadConnection> connections = new ArrayList<>();
    private final List<Integer> channelOf = new ArrayList<>();
    private final List<LoadConnection> publishers = new ArrayList<>();
    private final SourceAddresses sources;
    private boolean closed;

    ConnectionPool(LoadOptions options, WireProtocol protocol, LoadStats stats) throws Exception {
        this.options = options;
        this.protocol = protocol;
        this.stats = stats;
        this.sources = SourceAddresses.startingAt(options.firstSource(), options.perSource());
        threads.setName("load-client");
        threads.setDaemon(true);
        threads.start();
        for (InetAddress address : sources.addressesFor(options.connections())) {
            clients.add(startClient(new InetSocketAddress(address, 0)));
        }
    }

    /**
     * Opens {@code options.connections()} subscriber connections, connection {@code i} on channel
     * {@code i % channels}; blocks until every one is ready or has failed.
     *
     * @param progress told the number of finished attempts now and then
     */
    void openSubscribers(IntConsumer progress) throws InterruptedException {
        Semaphore inFlight = new Semaphore(options.connectConcurrency());
        int count = options.connections();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            int channelIndex = i % options.channels();
            String channel = protocol.subscribeName(options.channelName(channelIndex), options.org());
            LoadConnection connection = open(clients.get(i / sources.perAddress()), channel);
            connections.add(connection);
            channelOf.add(channelIndex);
            connection.ready().whenComplete((ok, failure) -> inFlight.release());
            if ((i + 1) % 2_000 == 0) {
                progress.accept(i + 1);
            }
        }
        inFlight.acquire(options.connectConcurrency());
        inFlight.release(options.connectConcurrency());
    }

    /** Opens one publisher connection (no subscription) from 127.0.0.1 and waits until it is connected. */
    LoadConnection openPublisher() throws Exception {
        WebSocketClient client = startClient(null);
        clients.add(client);
        LoadConnection connection = open(client, null);
        publishers.add(connection);
        connection.ready().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return connection;
    }

    /** How many subscribers on each channel became ready. */
    int[] readyPerChannel() {
        int[] ready = new int[options.channels()];
        for (int i = 0; i < connections.size(); i++) {
            LoadConnection connection = connections.get(i);
            if (connection.ready().isDone() && !connection.ready().isCompletedExceptionally()) {
                ready[channelOf.get(i)]++;
            }
        }
        return ready;
    }

    /** The {@code Authorization} header value for the configured user, or null. */
    static String basicAuth(String user, String password) {
        if (user == null) {
            return null;
        }
        String pair = user + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private LoadConnection open(WebSocketClient client, String channel) {
        LoadConnection connection = new LoadConnection(protocol, channel, stats);
        ClientUpgradeRequest request = new ClientUpgradeRequest(options.target().webSocket());
        String auth = basicAuth(options.user(), options.password());
        if (auth != null) {
            request.setHeader("Authorization", auth);
        }
        connection.ready().orTimeout(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS).whenComplete((ok, failure) -> {
            if (failure != null) {
                stats.connectFailures.increment();
                if (failure instanceof TimeoutException) {
                    stats.failure("not subscribed within " + READY_TIMEOUT.toSeconds() + " s");
                }
            }
        });
        try {
            client.connect(connection, request).whenComplete((session, failure) -> {
                if (failure != null) {
                    stats.failure("upgrade failed: " + LoadConnection.reason(failure));
                    connection.ready().completeExceptionally(failure);
                }
            });
        } catch (Exception e) {
            stats.failure("upgrade failed: " + LoadConnection.reason(e));
            connection.ready().completeExceptionally(e);
        }
        return connection;
    }

    private WebSocketClient startClient(InetSocketAddress bind) throws Exception {
        HttpClient http = new HttpClient();
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(Math.max(64, options.connectConcurrency()) * 2);
        http.setMaxRequestsQueuedPerDestination(options.connectConcurrency() * 2 + 16);
        http.setConnectTimeout(10_000);
        if (bind != null) {
            http.setBindAddress(bind);
        }
        http.start();
        WebSocketClient client = new WebSocketClient(http);
        client.setIdleTimeout(options.hold().plus(options.duration()).plus(Duration.ofMinutes(5)));
        client.setMaxTextMessageSize(4 * 1024 * 1024);
        client.start();
        return client;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        publishers.forEach(LoadConnection::close);
        connections.forEach(LoadConnection::close);
        for (WebSocketClient client : clients) {
            try {
                client.stop();
                client.getHttpClient().stop();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "stopping a WebSocket client failed", e);
            }
        }
        try {
            threads.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the client thread pool failed", e);
        }
    }
}
