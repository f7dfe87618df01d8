package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveUser;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

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
    private final ConcurrentHashMap<String, ClientSession> emulated = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile @Nullable PingWheel pings;

    /**
     * Called by a session when it starts.
     *
     * @return false once {@link #disconnectAll} ran: the session must not start
     */
    boolean add(ClientSession session) {
        sessions.add(session);
        if (closed) {
            sessions.remove(session);
            return false;
        }
        if (session.emulationSession() != null) {
            emulated.put(session.emulationSession(), session);
        }
        return true;
    }

    /**
     * The ping wheel of these sessions, made on first use: every session of a node shares the
     * node's timer pool and settings, so the first one to connect makes it for all.
     */
    PingWheel pings(java.util.concurrent.ScheduledExecutorService timers, dev.heliograph.live.LiveSettings settings) {
        PingWheel wheel = pings;
        if (wheel == null) {
            synchronized (this) {
                wheel = pings;
                if (wheel == null) {
                    wheel = new PingWheel(timers, settings.pingInterval(), settings.pongTimeout());
                    pings = wheel;
                }
            }
        }
        return wheel;
    }

    /** Called by a session once it released everything. */
    void remove(ClientSession session) {
        sessions.remove(session);
        if (session.emulationSession() != null) {
            emulated.remove(session.emulationSession(), session);
        }
    }

    /** The emulated connection whose {@link ClientSession#emulationSession()} is {@code session}; null when not here. */
    public @Nullable ClientSession findEmulated(@Nullable String session) {
        return session == null ? null : emulated.get(session);
    }

    /** The sessions of the user {@code userId} of {@code orgId} not yet released. */
    public List<ClientSession> ofUser(long orgId, String userId) {
        requireNonNull(userId, "userId");
        List<ClientSession> out = new java.util.ArrayList<>();
        for (ClientSession s : sessions) {
            LiveUser u = s.user();
            if (u != null && u.orgId() == orgId && userId.equals(u.id())) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Adds a session started elsewhere (an adapter that keeps its own registry).
     *
     * @return false once {@link #disconnectAll} ran: the caller shuts the session down
     */
    public boolean track(ClientSession session) {
        return add(requireNonNull(session, "session"));
    }

    /** Removes a session added with {@link #track}. */
    public void untrack(ClientSession session) {
        remove(requireNonNull(session, "session"));
    }

    /** Sessions not yet released. */
    public int size() {
        return sessions.size();
    }

    /**
     * Refuses new sessions from now on, tells every session to close with {@code reason} once
     * what is already queued for it was written, and waits until all were released or half of
     * {@code timeout} passed. Sessions still open then (a peer that stopped reading, a container
     * that never reported the close, a release still queued) are closed at once and released on
     * this thread, so nothing outlives the call. Interrupting the caller cuts the waits short but
     * not the forced release.
     *
     * @return the number of sessions that had to be released without their transport's word
     */
    public int disconnectAll(Disconnect reason, Duration timeout) {
        requireNonNull(reason, "reason");
        requireNonNull(timeout, "timeout");
        closed = true;
        List<ClientSession> open = List.copyOf(sessions);
        for (ClientSession session : open) {
            try {
                session.shutdown(reason);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "closing client " + session.clientId() + " failed: " + e);
            }
        }
        long drainDeadline = System.nanoTime() + timeout.toNanos() / 2;
        boolean interrupted = false;
        while (!allReleased(open) && System.nanoTime() < drainDeadline && !interrupted) {
            interrupted = pause();
        }
        int forced = 0;
        for (ClientSession session : open) {
            if (!session.isReleased()) {
                try {
                    session.abort(reason); // this thread is no transport callback: releasing here is safe
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "releasing client " + session.clientId() + " failed: " + e);
                }
                forced++;
            }
        }
        if (forced > 0) {
            LOG.log(Level.INFO, forced + " of " + open.size() + " clients did not take the close within "
                    + timeout.toMillis() / 2 + " ms and were released without it");
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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

    /** Waits a little; true if the thread was interrupted (the flag is restored by the caller). */
    private static boolean pause() {
        try {
            Thread.sleep(5);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }
}
