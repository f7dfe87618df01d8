package dev.heliograph.live.jakarta;

import dev.heliograph.live.protocol.OutboundFrame;
import jakarta.websocket.Session;
import org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.jspecify.annotations.Nullable;

/**
 * The writer below the Jakarta API on embedded Jetty 12 (ee11): sends a core text frame whose
 * payload is a read-only view of the {@link OutboundFrame}'s bytes. A push is encoded once per
 * publication and every subscriber's frame points at the same bytes: no per-connection String
 * encode and no copy on our side (Jetty writes header and payload with one gathering write). A
 * {@link OutboundFrame#wide() wide} frame (a push for many subscribers, the ping) is written
 * from its shared off-heap copy, which the socket takes as is. Without negotiated extensions a
 * frame within the frame limit goes straight to the connection's flusher; otherwise through
 * the core session, which runs Jetty's extensions (permessage-deflate) and fragmenting.
 *
 * <p>Loaded only after {@link JettyCoreProbe} found Jetty's classes. Called by
 * {@link JakartaTransport} with one frame in flight; the completion runs on Jetty's threads,
 * possibly inside {@link #write}. Close frames still go through the Jakarta session.
 */
final class JettyCoreWriter implements TextFrameWriter, Callback {
    private final CoreSession core;
    private final Completion done;
    /**
     * The connection's frame flusher, when frames may go straight to it: no extension was
     * negotiated (nothing to transform) and the session is Jetty's own. Null otherwise: every
     * frame then takes the session's whole path.
     */
    private final @Nullable WebSocketConnection connection;

    private JettyCoreWriter(CoreSession core, Completion done) {
        this.core = core;
        this.done = done;
        this.connection = core instanceof WebSocketCoreSession session && core.getNegotiatedExtensions().isEmpty()
                ? session.getConnection() : null;
    }

    /** A writer for {@code session} if Jetty's ee11 Jakarta layer made it, else null. */
    static @Nullable TextFrameWriter forSession(Session session, Completion done) {
        if (session instanceof JakartaWebSocketSession jetty && jetty.getCoreSession() != null) {
            return new JettyCoreWriter(jetty.getCoreSession(), done);
        }
        return null;
    }

    @Override
    public void write(OutboundFrame frame) {
        send(new Frame(OpCode.TEXT, true, frame.wide() ? frame.offHeap() : frame.utf8()));
    }

    @Override
    public void writeBinary(OutboundFrame frame) {
        send(new Frame(OpCode.BINARY, true, frame.wide() ? frame.offHeap() : frame.payload()));
    }

    /**
     * A whole data frame that needs no extension and no fragmenting goes straight to the
     * connection's frame flusher, which still refuses frames after a close frame (failing the
     * callback) and serialises them with Jetty's own control frames (pongs, the close
     * handshake). This skips the session's outgoing chain (extension stack, fragmenting flusher,
     * state lock), about a third of Jetty's work per frame. Anything else takes that chain.
     */
    private void send(Frame frame) {
        WebSocketConnection direct = connection;
        long maxFrame = core.getMaxFrameSize();
        if (direct != null && (maxFrame <= 0 || frame.getPayloadLength() <= maxFrame || !core.isAutoFragment())) {
            direct.enqueueFrame(new OutgoingEntry.Builder(frame, this).build());
        } else {
            core.sendFrame(frame, this, false);
        }
    }

    @Override
    public boolean sharesBytes() {
        return true;
    }

    @Override
    public void succeeded() {
        done.written(null);
    }

    @Override
    public void failed(Throwable failure) {
        done.written(failure);
    }
}
