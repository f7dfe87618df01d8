package dev.heliograph.live.protocol;

import dev.heliograph.live.json.RawJson;
import org.jspecify.annotations.Nullable;

/**
 * One decoded client command: only the fields this server acts on.
 *
 * @param id        the command id; 0 when absent
 * @param method    the method; null for a pong ({@code {}})
 * @param channel   the {@code channel} field; null when absent
 * @param data      the {@code data} field as sent; null when absent or JSON null
 * @param rpcMethod the {@code method} field of an rpc; null when absent
 * @param token     the {@code token} field; null when absent
 * @param stream    the history/recovery fields ({@code recover}, {@code offset}, {@code epoch},
 *                  {@code limit}, {@code reverse}, {@code since}); null when none was sent
 */
record Command(long id, @Nullable Method method, @Nullable String channel, @Nullable RawJson data,
        @Nullable String rpcMethod, @Nullable String token, @Nullable StreamFields stream) {

    static final Command PONG = new Command(0, null, null, null, null, null, null);

    Command(long id, @Nullable Method method, @Nullable String channel, @Nullable RawJson data,
            @Nullable String rpcMethod, @Nullable String token) {
        this(id, method, channel, data, rpcMethod, token, null);
    }

    /** The history/recovery fields, {@link StreamFields#NONE} when none was sent. */
    StreamFields streamOrNone() {
        return stream == null ? StreamFields.NONE : stream;
    }

    /** A bare {@code {}}: no id, no method. */
    boolean isPong() {
        return method == null && id == 0;
    }
}
