package dev.heliograph.live.control;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.protocol.ClientSession;
import dev.heliograph.live.protocol.Disconnect;
import dev.heliograph.live.protocol.SessionRegistry;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The server's hand on client connections, on every node at once: disconnect a user (logout),
 * unsubscribe a user from a channel (a permission revoked), list a channel's presence, publish
 * to many channels. Also carries the commands of emulated connections to the node that holds
 * them. Obtained from {@link LiveNode#control()}; the HTTP API's admin endpoints call it too.
 *
 * <p>Actions on users go through the engine's control path ({@link Hub#sendControl}), so every
 * node (this one included) applies them to the connections it holds; the stage completes once
 * the engine accepted the message, not when every node acted. Thread-safe; called from any
 * thread. {@link #onControl} runs on the engine's delivery thread and hands the work that
 * touches sessions to the node's executor.
 */
public final class ServerControl {
    private static final System.Logger LOG = System.getLogger(ServerControl.class.getName());

    private final String nodeId;
    private final Hub hub;
    private final SessionRegistry sessions;
    private final Executor executor;
    private final LiveNode node;

    /** Created by the node, which then routes its engine's control messages to {@link #onControl}. */
    public ServerControl(LiveNode node, Executor executor) {
        this.node = requireNonNull(node, "node");
        this.nodeId = node.id();
        this.hub = node.hub();
        this.sessions = node.sessions();
        this.executor = requireNonNull(executor, "executor");
    }

    /**
     * Closes every connection of the user (of {@code orgId}) on every node with {@code reason}: its code tells the
     * client whether to reconnect (see {@link Disconnect#reconnect()}); e.g.
     * {@code new Disconnect(3503, "logged out")} stops it, {@code new Disconnect(3000, "permissions changed")}
     * makes it reconnect (and authenticate) again.
     */
    public CompletionStage<Void> disconnectUser(long orgId, String userId, Disconnect reason) {
        requireNonNull(userId, "userId");
        requireNonNull(reason, "reason");
        return send(new ControlMessage.DisconnectUser(orgId, userId, reason.code(), reason.reason()));
    }

    /** Ends the user's subscriptions to {@code channel} on every node (unsubscribe push, code 2000). */
    public CompletionStage<Void> unsubscribeUser(String userId, OrgChannel channel) {
        requireNonNull(userId, "userId");
        requireNonNull(channel, "channel");
        return send(new ControlMessage.UnsubscribeUser(userId, channel));
    }

    /** Who is subscribed to {@code channel} on all nodes, by client id. Reads the engine's shared presence. */
    public Map<String, ClientInfo> presence(OrgChannel channel) {
        requireNonNull(channel, "channel");
        return hub.presence().list(channel);
    }

    /**
     * Publishes {@code data} from the server to each channel (no handler asked); completes when
     * the engine accepted all of them, exceptionally with the first failure.
     */
    public CompletionStage<Void> publish(Collection<OrgChannel> channels, RawJson data) {
        requireNonNull(channels, "channels");
        requireNonNull(data, "data");
        List<CompletableFuture<Void>> all = new ArrayList<>(channels.size());
        for (OrgChannel channel : channels) {
            all.add(node.publishFromServer(channel, data).toCompletableFuture());
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture[0]));
    }

    /**
     * Commands an emulated connection's client posted: handed to the session on this thread
     * when this node holds it, else sent to the node named {@code node} through the engine.
     *
     * @param userId the posting user's id, or "" when the post carried no credentials
     * @throws UnknownSessionException when {@code node} is this node and it holds no such session
     */
    public CompletionStage<Void> emulate(String node, String session, String userId, String data) {
        ControlMessage.Emulate message = new ControlMessage.Emulate(node, session, userId, data);
        ClientSession local = sessions.findEmulated(session);
        if (local != null) {
            deliver(local, message);
            return CompletableFuture.completedFuture(null);
        }
        if (nodeId.equals(node)) {
            throw new UnknownSessionException("no emulated connection " + session + " on this node (closed?)");
        }
        return send(message);
    }

    /** A control message from the engine (any node, this one included); the engine's delivery thread. */
    public void onControl(byte[] bytes) {
        ControlMessage message;
        try {
            message = ControlCodec.decode(bytes);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "skipped a control message this node cannot read: " + e.getMessage());
            return;
        }
        if (message instanceof ControlMessage.Emulate e && !nodeId.equals(e.node())) {
            return; // another node's connection
        }
        try {
            executor.execute(() -> apply(message));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "node is closing; dropped control message " + message);
        }
    }

    private void apply(ControlMessage message) {
        if (message instanceof ControlMessage.Emulate e) {
            ClientSession session = sessions.findEmulated(e.session());
            if (session == null) {
                LOG.log(Level.DEBUG, "emulated connection {0} is gone; dropped its commands", e.session());
                return;
            }
            deliver(session, e);
        } else if (message instanceof ControlMessage.DisconnectUser d) {
            for (ClientSession session : sessions.ofUser(d.orgId(), d.userId())) {
                session.disconnect(new Disconnect(d.code(), d.reason()));
            }
        } else if (message instanceof ControlMessage.UnsubscribeUser u) {
            for (ClientSession session : sessions.ofUser(u.channel().orgId(), u.userId())) {
                session.unsubscribeByServer(u.channel());
            }
        }
    }

    private static void deliver(ClientSession session, ControlMessage.Emulate e) {
        if (!e.userId().isEmpty() && (session.user() == null || !e.userId().equals(session.user().id()))) {
            LOG.log(Level.WARNING, "refused commands posted for emulated connection " + session.clientId()
                    + " by user " + e.userId() + ", who does not own it");
            return;
        }
        session.onEmulatedText(e.data());
    }

    private CompletionStage<Void> send(ControlMessage message) {
        return hub.sendControl(ControlCodec.encode(message));
    }

    /** The emulation post named this node but no connection it holds (closed, or never here). */
    public static final class UnknownSessionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownSessionException(String message) {
            super(message);
        }
    }
}
