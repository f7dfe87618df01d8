package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open {@link ClientSession}s of a node (or of one endpoint), so that a shutdown can tell
 * every client to reconnect elsewhere and wait, bounded, until they are released.
 *
 * <p>Sessions add themselves when they start and remove themselves once released (their
 * subscriptions, presence entries and timers gone); {@link #size()} is therefore also the
 * count a leak test reads. Thread-safe: sessions come and go on container and timer threads,
 * {@link #disconnectAll} runs on the thread that shuts the node or the endpoint down.
 */
public final class SessionRegistry {

    private static final System.Logger LOG = System.getLogger(SessionRegistry.class.getName());

    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();

    /** Called by a session when it starts. */
    void add(ClientSession session) {
        sessions.add(session);
    }

    /** Called by a session once it released everything. */
    void remove(ClientSession session) {
        sessions.remove(session);
    }

    /** Adds a session started elsewhere (an adapter that keeps its own registry). */
    public void track(ClientSession session) {
        sessions.add(requireNonNull(session, "session"));
    }

    /** Removes a session added with {@link #track}. */
    public void untrack(ClientSession session) {
        sessions.remove(requireNonNull(session, "session"));
    }

    /** Sessions not yet released. */
    public int size() {
        return sessions.size();
    }

    /**
     * Tells every session to close with {@code reason} once what is already queued for it was
     * written, then waits until all were released or {@code timeout} passed. Sessions still
     * open then (a peer that stopped reading, a container that never reported the close) are
     * released anyway, so nothing outlives the call.
     *
     * @return the number of sessions that had to be released without their transport's word
     */
    public int disconnectAll(Disconnect reason, Duration timeout) {
        requireNonNull(reason, "reason");
        requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ClientSession> open = List.copyOf(sessions);
        for (ClientSession session : open) {
            try {
                session.shutdown(reason);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "closing client " + session.clientId() + " failed: " + e);
            }
        }
        // Half the time for the peers to take their close, the rest for the releases that follow.
        long drainDeadline = System.nanoTime() + timeout.toNanos() / 2;
        while (!allReleased(open) && System.nanoTime() < drainDeadline) {
            pause();
        }
        int forced = 0;
        for (ClientSession session : open) {
            if (!session.isReleased()) {
                session.onTransportClosed();
                forced++;
            }
        }
        while (!allReleased(open) && System.nanoTime() < deadline) {
            pause();
        }
        if (forced > 0) {
            LOG.log(Level.INFO, forced + " of " + open.size() + " clients did not acknowledge the close in time"
                    + " and were released without it");
        }
        return forced;
    }

    private static boolean allReleased(List<ClientSession> open) {
        for (ClientSession session : open) {
            if (!session.isReleased()) {
                return false;
            }
        }
        return true;
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for clients to close", e);
        }
    }
}
