package dev.heliograph.live;

import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.hub.HistoryResult;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * What {@link LiveNode#history} did.
 *
 * @param reply  the handler's answer to the implied subscribe (status, and whether the channel
 *               keeps history: {@link SubscribeReply#recover()})
 * @param result the history read, completing as {@link dev.heliograph.live.hub.Hub#history} does;
 *               null when the handler refused or the channel keeps no history
 */
public record HistoryOutcome(SubscribeReply reply, @Nullable CompletionStage<HistoryResult> result) {}
