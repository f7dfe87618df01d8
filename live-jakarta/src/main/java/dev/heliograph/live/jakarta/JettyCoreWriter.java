package dev.heliograph.live.jakarta;

import dev.heliograph.live.protocol.OutboundFrame;
import jakarta.websocket.Session;
import org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.jspecify.annotations.Nullable;

/**
 * The writer below the Jakarta API on embedded Jetty 12 (ee11): sends a core text frame whose
 * payload is a read-only view of the {@link OutboundFrame}'s bytes. A push is encoded once per
 * publication and every subscriber's frame points at the same array: no per-connection String
 * encode and no copy on our side (Jetty writes header and payload with one gathering write).
 * The core session still runs Jetty's extensions (permessage-deflate) and frame checks.
 *
 * <p>Loaded only after {@link JettyCoreProbe} found Jetty's classes. Called by
 * {@link JakartaTransport} with one frame in flight; the completion runs on Jetty's threads,
 * possibly inside {@link #write}. Close frames still go through the Jakarta session.
 */
final class JettyCoreWriter implements TextFrameWriter, Callback {
    private final CoreSession core;
    private final Completion done;

    private JettyCoreWriter(CoreSession core, Completion done) {
        this.core = core;
        this.done = done;
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
        core.sendFrame(new Frame(OpCode.TEXT, true, frame.utf8()), this, false);
    }

    @Override
    public void writeBinary(OutboundFrame frame) {
        core.sendFrame(new Frame(OpCode.BINARY, true, frame.payload()), this, false);
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
