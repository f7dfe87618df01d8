package dev.heliograph.live.stream;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link StreamHandler#runStream} run gets: the channel, the user and subscribe data of
 * the subscriber that started it, the {@link StreamSender} for its output, and the cancellation
 * signal. One context per run of a channel; a restart after a failure gets the same context.
 *
 * <p>Cancellation (the last local subscriber left long enough ago, or the node closes) sets
 * {@link #isCancelled()}, wakes {@link #awaitCancellation} and interrupts the run's thread, so
 * a run blocked in {@link Thread#sleep} or a blocking queue also wakes. Thread-safe.
 */
public final class StreamContext {
    private final OrgChannel channel;
    private final LiveUser user;
    private final @Nullable RawJson data;
    private final StreamSender sender;
    private final CountDownLatch cancelled = new CountDownLatch(1);

    StreamContext(OrgChannel channel, LiveUser user, @Nullable RawJson data, StreamSender sender) {
        this.channel = requireNonNull(channel, "channel");
        this.user = requireNonNull(user, "user");
        this.data = data;
        this.sender = requireNonNull(sender, "sender");
    }

    /** The channel this run feeds. */
    public OrgChannel channel() {
        return channel;
    }

    /** The user whose subscription started the stream on this node. */
    public LiveUser user() {
        return user;
    }

    /** That subscriber's subscribe data; null when it sent none. */
    public @Nullable RawJson data() {
        return data;
    }

    /** Where the output goes: this node's subscribers of {@link #channel()}. */
    public StreamSender sender() {
        return sender;
    }

    /** Whether the run should end now. */
    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /**
     * Waits until the run is cancelled or {@code timeout} passes, whichever comes first: the
     * pacing call for a stream that sends every so often.
     *
     * @return true when cancelled
     * @throws InterruptedException when the thread is interrupted (cancellation does that too)
     */
    public boolean awaitCancellation(Duration timeout) throws InterruptedException {
        requireNonNull(timeout, "timeout");
        return cancelled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void cancel() {
        cancelled.countDown();
    }
}
