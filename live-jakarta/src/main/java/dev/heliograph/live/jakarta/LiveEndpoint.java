package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.protocol.ClientSession;
import dev.heliograph.live.protocol.Disconnect;
import dev.heliograph.live.protocol.SessionRegistry;
import dev.heliograph.live.protocol.WireProtocol;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One live WebSocket connection: created by the upgrade servlet for a user it already
 * authenticated, it enforces {@code max_connections} and {@code message_size_limit} and feeds
 * a {@link ClientSession} that speaks the protocol in the form the upgrade negotiated: JSON text
 * frames without a subprotocol, Protobuf binary frames with {@code centrifuge-protobuf}
 * ({@link WireProtocol}).
 *
 * <p>Public only because containers insist on public endpoint classes; it has no public
 * constructor and is not part of the API.
 *
 * <p>The container calls {@code onOpen}, the message handler, {@code onClose} and
 * {@code onError} on its own threads, one at a time for this connection. {@code onClose} may
 * also run on the stack of another connection's send (Jetty reports a failed write to a dead
 * peer at once): it only marks the session closed, whose release then runs on the protocol's
 * timer pool (see {@link ClientSession#onTransportClosed()}).
 */
public final class LiveEndpoint extends Endpoint {
    private static final System.Logger LOG = System.getLogger(LiveEndpoint.class.getName());

    /** Disconnect code of the protocol: the node has too many connections (terminal). */
    static final int CONNECTION_LIMIT = 3504;
    /** Jetty's per-connection frame limit, a {@code Long}; other containers ignore it. */
    static final String JETTY_MAX_FRAME_SIZE = "org.eclipse.jetty.websocket.maxFrameSize";

    private final LiveNode node;
    private final @Nullable LiveUser user; // null when the connect token is to name the user
    private final LiveSettings settings;
    private final ConnectionLimiter limiter;
    private final SessionRegistry endpointSessions;
    private final AtomicBoolean released = new AtomicBoolean(true);
    private volatile @Nullable JakartaTransport transport;
    private volatile @Nullable ClientSession clientSession;

    LiveEndpoint(LiveNode node, @Nullable LiveUser user, ConnectionLimiter limiter, SessionRegistry endpointSessions) {
        this.node = node;
        this.endpointSessions = endpointSessions;
        this.user = user;
        this.settings = node.settings();
        this.limiter = limiter;
    }

    /** The user for log lines: the upgrade's, else the connect token's once known. */
    private String who() {
        ClientSession cs = clientSession;
        LiveUser u = user != null ? user : cs == null ? null : cs.user();
        return u == null ? "a client not yet connected" : "user " + u.login() + " (org " + u.orgId() + ")";
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        JakartaTransport t = new JakartaTransport(session, node.scheduler());
        transport = t;
        if (!limiter.tryAcquire()) {
            node.metrics().recordConnectionRefused();
            LOG.log(System.Logger.Level.WARNING, () -> "Live connection of " + who()
                    + " closed with 3504 connection limit: " + limiter.max()
                    + " connections are open; raise [live] max_connections (-1 for unlimited) to allow more");
            t.close(CONNECTION_LIMIT, "connection limit");
            return;
        }
        released.set(false);
        try {
            start(session, t);
        } catch (RuntimeException e) {
            // e.g. the timer pool was shut down with the servlet: give the place back here, as not
            // every container calls onClose after onOpen threw (Tomcat does not), and close with
            // a code the client understands instead of the container's own 1002.
            LOG.log(System.Logger.Level.WARNING, () -> "Live connection of " + who()
                    + " could not start and was closed with 3004: " + e, e);
            if (released.compareAndSet(false, true)) {
                limiter.release();
            }
            t.close(Disconnect.INTERNAL.code(), Disconnect.INTERNAL.reason());
        }
    }

    private void start(Session session, JakartaTransport t) {
        session.setMaxIdleTimeout(settings.idleTimeout().toMillis());
        // A partial handler lets us bound messages ourselves on both containers. Do not call
        // setMaxTextMessageBufferSize: Tomcat reallocates its per-session text buffer to that size
        // at every text message (64 KiB of chars = 128 KB per connection). Jetty checks single
        // frames against its own maxFrameSize (64 KiB by default): align it with our limit.
        session.getUserProperties().put(JETTY_MAX_FRAME_SIZE, settings.messageSizeLimit() == LiveSettings.UNLIMITED
                ? Long.MAX_VALUE : (long) settings.messageSizeLimit());
        WireProtocol wire = WireProtocol.forSubprotocol(session.getNegotiatedSubprotocol());
        ClientSession cs = new ClientSession(node, user, t, wire);
        clientSession = cs;
        if (!endpointSessions.track(cs)) {
            cs.shutdown(Disconnect.SHUTDOWN); // the context is going away
            return;
        }
        if (wire.binary()) { // centrifuge-protobuf: commands in binary frames, a text frame is refused
            session.addMessageHandler(ByteBuffer.class, new BinaryAssembler(cs, t, settings.messageSizeLimit()));
            session.addMessageHandler(String.class, new TextRefusal(t));
        } else {
            session.addMessageHandler(String.class, new TextAssembler(cs, t, settings.messageSizeLimit()));
            session.addMessageHandler(ByteBuffer.class, new BinaryRefusal(t));
        }
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        JakartaTransport t = transport;
        if (t != null) {
            t.markClosed();
        }
        ClientSession cs = clientSession;
        if (cs != null) {
            cs.onTransportClosed();
            endpointSessions.untrack(cs);
        }
        if (released.compareAndSet(false, true)) {
            limiter.release();
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.log(System.Logger.Level.DEBUG, () -> "Live WebSocket " + session.getId() + " of " + who()
                + " failed: " + error);
    }

    /**
     * Joins the parts of a fragmented text message and enforces the size limit in UTF-8 bytes,
     * closing with 1009 when it is exceeded, once the client has sent the rest of that message
     * ({@link MessageDrain}). A single-frame message is passed on without copying.
     */
    static final class TextAssembler implements MessageHandler.Partial<String> {
        private final ClientSession session;
        private final JakartaTransport transport;
        private final long limit;
        private @Nullable StringBuilder pending;
        private long pendingBytes;
        private @Nullable MessageDrain discarding;

        TextAssembler(ClientSession session, JakartaTransport transport, int limit) {
            this.session = session;
            this.transport = transport;
            this.limit = limit == LiveSettings.UNLIMITED ? Long.MAX_VALUE : limit;
        }

        @Override
        public void onMessage(String part, boolean last) {
            if (discarding != null) {
                discarding.part(utf8Length(part), last);
                return;
            }
            long bytes = pendingBytes + (limit == Long.MAX_VALUE ? 0 : utf8Length(part));
            if (bytes > limit) {
                discarding = new MessageDrain(() -> transport.close(CloseReason.CloseCodes.TOO_BIG.getCode(),
                        "message too big"));
                pending = null;
                discarding.part(bytes, last);
                return;
            }
            if (pending == null && last) {
                session.onText(part);
                return;
            }
            if (pending == null) {
                pending = new StringBuilder(Math.max(256, part.length() * 2));
            }
            pending.append(part);
            pendingBytes = bytes;
            if (last) {
                String message = pending.toString();
                pending = null;
                pendingBytes = 0;
                session.onText(message);
            }
        }

        static long utf8Length(String s) {
            long n = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    n++;
                } else if (c < 0x800) {
                    n += 2;
                } else if (Character.isHighSurrogate(c)) {
                    n += 4;
                    i++;
                } else {
                    n += 3;
                }
            }
            return n;
        }
    }
}
