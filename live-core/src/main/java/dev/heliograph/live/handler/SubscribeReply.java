package dev.heliograph.live.handler;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.json.RawJson;
import org.jspecify.annotations.Nullable;

/**
 * A handler's answer to a subscribe.
 *
 * <p>{@code recover} is the channel's history switch on the reading side (Grafana's
 * {@code SubscribeReply.Recover}): the subscription is positioned (the reply carries the stream's
 * {@code epoch} and {@code offset}, every publication its {@code offset}), a client coming back
 * with {@code recover:true} gets what it missed from history, and the {@code history} method is
 * allowed on the channel. It only helps when the channel's publish replies keep history
 * ({@link PublishReply#withHistory}); off by default.
 *
 * @param status      OK to allow
 * @param initialData returned in the subscribe reply (e.g. the last message or frame); null for none
 * @param presence    whether the channel keeps presence for this subscriber
 * @param joinLeave   whether joins and leaves are pushed to the channel's subscribers
 * @param recover     whether the subscription is positioned and recoverable from the channel's history
 */
public record SubscribeReply(HandlerStatus status, @Nullable RawJson initialData, boolean presence, boolean joinLeave,
        boolean recover) {
    public SubscribeReply {
        requireNonNull(status, "status");
    }

    /** A reply without history recovery. */
    public SubscribeReply(HandlerStatus status, @Nullable RawJson initialData, boolean presence, boolean joinLeave) {
        this(status, initialData, presence, joinLeave, false);
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
        return new SubscribeReply(status, initialData, true, true, recover);
    }

    /**
     * This reply with recovery turned on: positioned subscription, recovery from history on
     * resubscribe, and the {@code history} method allowed (see the class doc).
     */
    public SubscribeReply withRecovery() {
        return new SubscribeReply(status, initialData, presence, joinLeave, true);
    }

    public boolean isOk() {
        return status == HandlerStatus.OK;
    }
}
