package dev.heliograph.live.handler;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.hub.HistoryOptions;
import dev.heliograph.live.json.RawJson;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A handler's answer to a publish.
 *
 * <p>{@code history} is the channel's history switch on the writing side (Grafana's
 * {@code PublishReply.HistorySize} and {@code HistoryTTL}): with a size above 0 the publication is
 * kept in the channel's history stream (the last {@code size} for {@code ttl} each) and gets an
 * offset, so subscribers whose reply has {@link SubscribeReply#recover()} can recover it after a
 * reconnect. {@link HistoryOptions#NONE} by default: nothing is kept.
 *
 * @param status  OK to allow
 * @param data    what to broadcast (the handler may rewrite the message); null broadcasts nothing
 * @param history how the publication is kept in the channel's history; never null
 */
public record PublishReply(HandlerStatus status, @Nullable RawJson data, HistoryOptions history) {
    public PublishReply {
        requireNonNull(status, "status");
        requireNonNull(history, "history");
    }

    /** A reply that keeps no history. */
    public PublishReply(HandlerStatus status, @Nullable RawJson data) {
        this(status, data, HistoryOptions.NONE);
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

    /**
     * This reply keeping the publication in the channel's history: the last {@code size}
     * publications, each for {@code ttl}.
     *
     * @throws IllegalArgumentException when {@code size < 1} or {@code ttl} is under a millisecond
     */
    public PublishReply withHistory(int size, Duration ttl) {
        return new PublishReply(status, data, HistoryOptions.of(size, ttl));
    }

    public boolean isOk() {
        return status == HandlerStatus.OK;
    }
}
