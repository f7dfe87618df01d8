package dev.heliograph.live.example;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose first request has not finished sending its head (request line and
 * headers) within a deadline of the connection opening. Jetty's idle timeout only measures
 * silence, so without this a client that trickles one header byte every few seconds (a half-open
 * WebSocket upgrade, slowloris) keeps its connection, and its buffer, for ever. Requests after
 * the first on a kept-alive connection are bounded by the idle timeout only; a reverse proxy in
 * front (nginx {@code client_header_timeout}) bounds those too.
 *
 * <p>Added to the demo's connector as a {@link Connection.Listener}: Jetty calls
 * {@link #onOpened} on its selector threads; the check runs once per connection on the
 * connector's scheduler and reads the connection's request count, which Jetty keeps for
 * statistics and counts when a request's headers are complete.
 */
final class HeaderDeadline implements Connection.Listener {
    private static final System.Logger LOG = System.getLogger(HeaderDeadline.class.getName());

    private final Scheduler scheduler;
    private final Duration timeout;

    HeaderDeadline(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    @Override
    public void onOpened(Connection connection) {
        scheduler.schedule(() -> expire(connection), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void expire(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (connection.getMessagesIn() == 0 && endPoint.isOpen() && endPoint.getConnection() == connection) {
            LOG.log(System.Logger.Level.INFO, () -> "closed the connection from " + endPoint.getRemoteSocketAddress()
                    + ": its request headers did not arrive within " + timeout.toMillis() + " ms ("
                    + connection.getBytesIn() + " bytes received)");
            endPoint.close();
        }
    }
}
