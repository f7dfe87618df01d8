package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The ping wheel")
class PingWheelTest {
    private static final Duration INTERVAL = Duration.ofMillis(250);
    private static final Duration PONG_TIMEOUT = Duration.ofMillis(100);

    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);

    {
        timers.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    /** Records when its pings and pong checks came, in nanoseconds. */
    private static final class Recorder implements PingWheel.Member {
        final List<Long> pings = new CopyOnWriteArrayList<>();
        final List<Long> pongChecks = new CopyOnWriteArrayList<>();

        @Override
        public void pingDue() {
            pings.add(System.nanoTime());
        }

        @Override
        public void pongDue() {
            pongChecks.add(System.nanoTime());
        }
    }

    @Test
    @DisplayName("pings each of 500 members once per interval, and checks its pong the pong timeout after each ping")
    void pingsOncePerInterval() {
        PingWheel wheel = new PingWheel(timers, INTERVAL, PONG_TIMEOUT);
        List<Recorder> members = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Recorder r = new Recorder();
            wheel.join(r);
            members.add(r);
        }

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> members.stream().allMatch(m -> m.pings.size() >= 4));

        long tick = INTERVAL.toNanos() / PingWheel.SLOTS;
        assertThat(members).allSatisfy(m -> {
            for (int i = 1; i < 4; i++) {
                long gap = m.pings.get(i) - m.pings.get(i - 1);
                assertThat(gap).as("gap between pings").isGreaterThan(INTERVAL.toNanos() - 2 * tick);
            }
            // the pong check after ping i comes the pong timeout later, before ping i + 1
            long ping = m.pings.get(1);
            long check = m.pongChecks.stream().filter(t -> t > ping).findFirst().orElseThrow();
            assertThat(check - ping).isGreaterThanOrEqualTo(PONG_TIMEOUT.toNanos() - 2 * tick);
            assertThat(check).isLessThan(m.pings.get(2));
        });
    }

    @Test
    @DisplayName("does not ping members that just joined: the first ping comes half an interval later at the earliest")
    void spreadsPings() {
        PingWheel wheel = new PingWheel(timers, Duration.ofSeconds(25), Duration.ofSeconds(10));
        // one turn is 25 s; members join the 12 slots half a turn ahead, so none is pinged in the first 12 s
        List<Recorder> members = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            Recorder r = new Recorder();
            wheel.join(r);
            members.add(r);
        }

        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> members.stream().allMatch(m -> m.pings.isEmpty()));
    }

    @Test
    @DisplayName("calls a member no more once it left; stops its timer when the last leaves and starts it again for the next")
    void leaving() throws Exception {
        PingWheel wheel = new PingWheel(timers, INTERVAL, PONG_TIMEOUT);
        Recorder stays = new Recorder();
        Recorder leaves = new Recorder();
        PingWheel.Registration staying = wheel.join(stays);
        PingWheel.Registration leaving = wheel.join(leaves);

        leaving.cancel();
        leaving.cancel();
        int before = leaves.pings.size() + leaves.pongChecks.size();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stays.pings.size() >= 2);

        assertThat(leaves.pings.size() + leaves.pongChecks.size()).isLessThanOrEqualTo(before + 1); // one under way at most
        assertThat(wheel.size()).isEqualTo(1);
        staying.cancel();
        assertThat(wheel.size()).isZero();
        assertThat(wheel.running()).isFalse();
        assertThat(timers.getQueue()).isEmpty();

        Recorder next = new Recorder();
        wheel.join(next);
        assertThat(wheel.running()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !next.pings.isEmpty());
    }

    @Test
    @DisplayName("keeps pinging the others when one member throws")
    void oneFailingMember() {
        PingWheel wheel = new PingWheel(timers, INTERVAL, PONG_TIMEOUT);
        AtomicInteger thrown = new AtomicInteger();
        wheel.join(new PingWheel.Member() {
            @Override
            public void pingDue() {
                thrown.incrementAndGet();
                throw new IllegalStateException("broken member");
            }

            @Override
            public void pongDue() {
                throw new IllegalStateException("broken member");
            }
        });
        Recorder fine = new Recorder();
        wheel.join(fine);

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fine.pings.size() >= 3 && thrown.get() >= 3);
        assertThat(timers.getQueue()).as("the wheel's one task is still scheduled").hasSize(1);
    }
}
