package dev.heliograph.live;

import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.hub.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * What {@link LiveNode#subscribe} did.
 *
 * @param reply        the handler's answer (status, initial data, presence and join/leave options)
 * @param subscription the registration with the hub when the reply is OK; null otherwise. Closing
 *                     it unsubscribes (and lets a data-source stream stop when it was the last).
 */
public record SubscribeOutcome(SubscribeReply reply, @Nullable Subscription subscription) {}
