package dev.heliograph.live.handler;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.json.RawJson;
import org.jspecify.annotations.Nullable;

/**
 * A handler's answer to a subscribe.
 *
 * @param status      OK to allow
 * @param initialData returned in the subscribe reply (e.g. the last message or frame); null for none
 * @param presence    whether the channel keeps presence for this subscriber
 * @param joinLeave   whether joins and leaves are pushed to the channel's subscribers
 */
public record SubscribeReply(HandlerStatus status, @Nullable RawJson initialData, boolean presence, boolean joinLeave) {
    public SubscribeReply {
        requireNonNull(status, "status");
    }

    public static SubscribeReply ok() {
        return new SubscribeReply(HandlerStatus.OK, null, false, false);
    }

    public static SubscribeReply ok(RawJson initialData) {
        return new SubscribeReply(HandlerStatus.OK, initialData, false, false);
    }

    public static SubscribeReply notFound() {
        return new SubscribeReply(HandlerStatus.NOT_FOUND, null, false, false);
    }

    public static SubscribeReply permissionDenied() {
        return new SubscribeReply(HandlerStatus.PERMISSION_DENIED, null, false, false);
    }

    /** This reply with presence and join/leave turned on. */
    public SubscribeReply withPresenceAndJoinLeave() {
        return new SubscribeReply(status, initialData, true, true);
    }

    public boolean isOk() {
        return status == HandlerStatus.OK;
    }
}
