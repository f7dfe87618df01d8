package dev.heliograph.live.protocol;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The pings of every connection of a node on one timer task instead of one per connection: a
 * wheel of {@link #SLOTS} slots turned one slot per tick (the ping interval divided by the
 * slots: a second for the default 25 s). A connection joins a random slot of the half turn
 * ahead when it connects, so the crowd's pings spread over the interval, and from then on is
 * pinged each time the wheel passes its slot: exactly once per interval. The pong check of a slot runs the pong
 * timeout (rounded up to whole ticks) after its pings.
 *
 * <p>Why: a timer per connection meant two scheduled tasks per ping (the ping and its pong
 * deadline) and a wake-up of the timer thread for each, 1,440 wake-ups a second for 18,000
 * idle connections; the context switches alone were a third of the idle node's CPU. The wheel
 * wakes once per tick and walks a slot's members in one go.
 *
 * <p>Leaving is O(1): {@link Registration#cancel()} clears the registration, and the next pass
 * over its slot drops it, so a closed session is not held beyond that (its registration holds
 * nothing else). The task starts with the first member and stops when the last one leaves, so
 * a node without connections keeps no timer here.
 *
 * <p>Thread-safe: members join and leave from any thread; the ticks run one at a time on the
 * node's timer pool ({@code scheduleAtFixedRate} never overlaps them) and call
 * {@link Member#pingDue}/{@link Member#pongDue} there, which must not block.
 */
final class PingWheel {
    private static final System.Logger LOG = System.getLogger(PingWheel.class.getName());

    /** Slots per turn; a turn is one ping interval. */
    static final int SLOTS = 25;

    /** A connection on the wheel. */
    interface Member {
        /** Its ping is due: send it. On the wheel's timer thread; must not block. */
        void pingDue();

        /** The pong timeout passed since its last ping: close it if no pong came. Same thread rules. */
        void pongDue();
    }

    /** A member's place on the wheel. */
    static final class Registration {
        private volatile @Nullable Member member;
        private final PingWheel wheel;

        private Registration(Member member, PingWheel wheel) {
            this.member = member;
            this.wheel = wheel;
        }

        /** Leaves the wheel: no later tick calls the member (a call already under way may still arrive). Idempotent. */
        void cancel() {
            boolean was;
            synchronized (this) {
                was = member != null;
                member = null;
            }
            if (was) {
                wheel.left();
            }
        }
    }

    private final ScheduledExecutorService timers;
    private final long tickNanos;
    private final int pongLag; // ticks between a slot's pings and its pong check, 1 to SLOTS - 1
    private final List<List<Registration>> slots;
    private volatile int cursor; // the next slot to ping; written by the tick only
    private int members; // guarded by this
    private @Nullable ScheduledFuture<?> task; // guarded by this

    PingWheel(ScheduledExecutorService timers, Duration pingInterval, Duration pongTimeout) {
        this.timers = timers;
        this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), pingInterval.toNanos() / SLOTS);
        long lag = (pongTimeout.toNanos() + tickNanos - 1) / tickNanos;
        this.pongLag = (int) Math.max(1, Math.min(SLOTS - 1, lag));
        this.slots = new ArrayList<>(SLOTS);
        for (int i = 0; i < SLOTS; i++) {
            slots.add(new ArrayList<>());
        }
    }

    /**
     * Puts {@code member} on the wheel in a random slot of the half turn ahead: its first ping
     * comes between half an interval and one interval from now, the next ones an interval apart.
     *
     * @throws RejectedExecutionException when the timer pool is shut down (the node is closing)
     */
    Registration join(Member member) {
        Registration r = new Registration(member, this);
        // a slot at least half a turn ahead of the cursor: the first ping comes between half an
        // interval and one interval after connect (not at once), later ones an interval apart
        int ahead = (SLOTS + 1) / 2 + ThreadLocalRandom.current().nextInt(SLOTS - (SLOTS + 1) / 2);
        List<Registration> slot = slots.get((cursor + ahead) % SLOTS);
        synchronized (slot) {
            slot.add(r);
        }
        synchronized (this) {
            members++;
            if (task == null) {
                task = timers.scheduleAtFixedRate(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
            }
        }
        return r;
    }

    /** The last member leaving stops the task (a node without connections keeps no timer here). */
    private synchronized void left() {
        if (--members == 0 && task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /** Members on the wheel (tests). */
    synchronized int size() {
        return members;
    }

    /** Whether the wheel's timer task runs (tests: it stops when the last member left). */
    synchronized boolean running() {
        return task != null;
    }

    /** One tick: pings the slot under the cursor, checks the pongs of the slot pinged {@code pongLag} ticks ago. */
    private void tick() {
        int now = cursor;
        cursor = (now + 1) % SLOTS;
        for (Registration r : live(slots.get(now))) {
            Member m = r.member;
            if (m != null) {
                call(m, true);
            }
        }
        for (Registration r : live(slots.get((now - pongLag + SLOTS) % SLOTS))) {
            Member m = r.member;
            if (m != null) {
                call(m, false);
            }
        }
    }

    /** The slot's registrations still on the wheel, dropping the cancelled ones from it. */
    private static Registration[] live(List<Registration> slot) {
        synchronized (slot) {
            slot.removeIf(r -> r.member == null);
            return slot.toArray(new Registration[0]);
        }
    }

    private static void call(Member m, boolean ping) {
        try {
            if (ping) {
                m.pingDue();
            } else {
                m.pongDue();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a connection's " + (ping ? "ping" : "pong check") + " failed; the other connections"
                    + " are still pinged", e);
        }
    }
}
