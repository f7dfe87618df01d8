package dev.heliograph.live.control;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;

/**
 * What one node asks every node to do through the engine's control path
 * ({@code Hub#sendControl}); encoded by {@link ControlCodec}. Immutable.
 */
public sealed interface ControlMessage {

    /**
     * Commands of an emulated (HTTP-streaming or SSE) connection, posted to any node: the node
     * named {@code node} hands {@code data} to the session {@code session}.
     *
     * @param node    the id of the node that owns the session (the connect result's {@code node})
     * @param session the emulation session id (the connect result's {@code session}), a secret of that client
     * @param userId  the user that posted, or "" when the post carried no credentials; the owner
     *                refuses a post from another user than the session's
     * @param data    one or more commands, newline-separated, as the client sent them
     */
    record Emulate(String node, String session, String userId, String data) implements ControlMessage {
        public Emulate {
            requireNonNull(node, "node");
            requireNonNull(session, "session");
            requireNonNull(userId, "userId");
            requireNonNull(data, "data");
        }
    }

    /** Closes every connection of the user of {@code orgId}, on every node, with {@code code} and {@code reason}. */
    record DisconnectUser(long orgId, String userId, int code, String reason) implements ControlMessage {
        public DisconnectUser {
            requireNonNull(userId, "userId");
            requireNonNull(reason, "reason");
        }
    }

    /** Ends the user's subscriptions to {@code channel} (of the channel's org) on every node with an unsubscribe push. */
    record UnsubscribeUser(String userId, OrgChannel channel) implements ControlMessage {
        public UnsubscribeUser {
            requireNonNull(userId, "userId");
            requireNonNull(channel, "channel");
        }
    }
}
