package dev.heliograph.live.protocol;

import dev.heliograph.live.handler.ChannelHandler;
import dev.heliograph.live.handler.HandlerStatus;
import dev.heliograph.live.handler.PublishEvent;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeEvent;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.json.RawJson;

/**
 * The handler of the tests' own scope {@code test/ns/<path>}; the path says how it answers:
 * {@code denied} (403), {@code missing} (404), {@code boom} (throws), {@code presence}
 * (presence and join/leave on), {@code initial} (initial data {"n":1}), {@code slow} (waits for
 * {@link #slowGate}), {@code history...} (recovery on, publishes kept in history: 100 for an
 * hour, or 3 for {@code history-small...}), anything else OK without options. Publishes are
 * allowed and broadcast as sent, except on {@code denied} and {@code boom}. Thread-safe.
 */
final class TestChannels implements ChannelHandler {

    /** Holds subscribes to {@code test/ns/slow} until counted down (ten seconds at most). */
    final java.util.concurrent.CountDownLatch slowGate = new java.util.concurrent.CountDownLatch(1);

    @Override
    public SubscribeReply onSubscribe(SubscribeEvent event) {
        String path = event.channel().channel().path();
        return switch (path) {
            case "denied" -> SubscribeReply.permissionDenied();
            case "missing" -> SubscribeReply.notFound();
            case "boom" -> throw new IllegalStateException("handler bug");
            case "initial" -> SubscribeReply.ok(RawJson.parse("{\"n\":1}"));
            case "slow" -> {
                try {
                    slowGate.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield SubscribeReply.ok();
            }
            default -> path.startsWith("presence")
                    ? new SubscribeReply(HandlerStatus.OK, null, true, true)
                    : path.startsWith("history") ? SubscribeReply.ok().withRecovery() : SubscribeReply.ok();
        };
    }

    @Override
    public PublishReply onPublish(PublishEvent event) {
        return switch (event.channel().channel().path()) {
            case "denied" -> PublishReply.permissionDenied();
            case "boom" -> throw new IllegalStateException("handler bug");
            default -> {
                String path = event.channel().channel().path();
                PublishReply ok = PublishReply.ok(event.data());
                yield path.startsWith("history-small") ? ok.withHistory(3, java.time.Duration.ofHours(1))
                        : path.startsWith("history") ? ok.withHistory(100, java.time.Duration.ofHours(1)) : ok;
            }
        };
    }
}
