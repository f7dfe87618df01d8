package dev.heliograph.live.protocol;

import dev.heliograph.live.LiveUser;
import dev.heliograph.live.json.RawJson;
import org.jspecify.annotations.Nullable;

/**
 * One host RPC method a client may call with the {@code rpc} command, registered by name with
 * {@link dev.heliograph.live.LiveNode.Builder#rpcMethod}. A call to an unregistered name is answered with
 * error 104 (method not found).
 *
 * <p>Called on the connection's command thread (the adapter's inbound thread), for many users
 * at once: thread-safe, and quick (the connection's later commands wait for it).
 */
@FunctionalInterface
public interface RpcMethod {
    /**
     * @param user who calls
     * @param data the call's data; null when the client sent none
     * @return the result data (null for none)
     * @throws CommandRejectedException to answer with an error code; any other exception is
     *     answered with error 100 (internal) and logged
     */
    @Nullable RawJson call(LiveUser user, @Nullable RawJson data);
}
