package dev.heliograph.live.redis;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.Subscriber;
import dev.heliograph.live.hub.Subscription;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node's subscribers, by channel: the fan-out target of every message the node receives,
 * and the trigger for listening to a channel in Redis. Each channel holds a copy-on-write array
 * of registrations, so delivery reads without locking or allocating.
 *
 * <p>Thread-safe. {@link #deliver} runs on the caller's thread (the Redis listener thread, or
 * the {@code publishLocal} caller). The {@link ChannelActivity} callbacks run inside the
 * registry's atomic update of the channel, so "first subscriber" and "last subscriber left"
 * of one channel are reported in the order they happened; they must be quick and not block.
 */
final class LocalSubscribers {
    private static final System.Logger LOG = System.getLogger(LocalSubscribers.class.getName());

    /** Told when a channel gains its first or loses its last subscriber on this node. */
    interface ChannelActivity {
        void firstSubscriber(OrgChannel channel);

        void lastSubscriberLeft(OrgChannel channel);
    }

    private final ConcurrentHashMap<OrgChannel, Registration[]> channels = new ConcurrentHashMap<>();
    private final ChannelActivity activity;

    LocalSubscribers(ChannelActivity activity) {
        this.activity = activity;
    }

    Subscription add(OrgChannel channel, Subscriber subscriber) {
        Registration reg = new Registration(channel, subscriber);
        channels.compute(channel, (ch, regs) -> {
            if (regs == null) {
                activity.firstSubscriber(ch);
                return new Registration[] {reg};
            }
            Registration[] grown = Arrays.copyOf(regs, regs.length + 1);
            grown[regs.length] = reg;
            return grown;
        });
        return reg;
    }

    int count(OrgChannel channel) {
        Registration[] regs = channels.get(channel);
        return regs == null ? 0 : regs.length;
    }

    /** Hands {@code p} to every subscriber of its channel on this node; one failure never stops the rest. */
    void deliver(Publication p) {
        Registration[] regs = channels.get(p.channel());
        if (regs == null) {
            return;
        }
        for (Registration reg : regs) {
            if (reg.closed.get()) {
                continue;
            }
            try {
                reg.subscriber.onPublication(p);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "subscriber of " + p.channel() + " threw on a " + p.kind()
                        + "; other subscribers still got it", e);
            }
        }
    }

    private void remove(Registration reg) {
        channels.computeIfPresent(reg.channel, (ch, regs) -> {
            int i = indexOf(regs, reg);
            if (i < 0) {
                return regs;
            }
            if (regs.length == 1) {
                activity.lastSubscriberLeft(ch);
                return null;
            }
            Registration[] shrunk = new Registration[regs.length - 1];
            System.arraycopy(regs, 0, shrunk, 0, i);
            System.arraycopy(regs, i + 1, shrunk, i, regs.length - i - 1);
            return shrunk;
        });
    }

    private static int indexOf(Registration[] regs, Registration reg) {
        for (int i = 0; i < regs.length; i++) {
            if (regs[i] == reg) {
                return i;
            }
        }
        return -1;
    }

    private final class Registration implements Subscription {
        private final OrgChannel channel;
        private final Subscriber subscriber;
        private final AtomicBoolean closed = new AtomicBoolean();

        Registration(OrgChannel channel, Subscriber subscriber) {
            this.channel = channel;
            this.subscriber = subscriber;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                remove(this);
            }
        }
    }
}
