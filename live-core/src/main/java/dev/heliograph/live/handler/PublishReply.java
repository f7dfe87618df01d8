package dev.heliograph.live.handler;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.json.RawJson;
import org.jspecify.annotations.Nullable;

/**
 * A handler's answer to a publish.
 *
 * @param status OK to allow
 * @param data   what to broadcast (the handler may rewrite the message); null broadcasts nothing
 */
public record PublishReply(HandlerStatus status, @Nullable RawJson data) {
    public PublishReply {
        requireNonNull(status, "status");
    }

    /** Allow and broadcast {@code data} (null: allow, broadcast nothing). */
    public static PublishReply ok(@Nullable RawJson data) {
        return new PublishReply(HandlerStatus.OK, data);
    }

    public static PublishReply notFound() {
        return new PublishReply(HandlerStatus.NOT_FOUND, null);
    }

    public static PublishReply permissionDenied() {
        return new PublishReply(HandlerStatus.PERMISSION_DENIED, null);
    }

    public boolean isOk() {
        return status == HandlerStatus.OK;
    }
}
