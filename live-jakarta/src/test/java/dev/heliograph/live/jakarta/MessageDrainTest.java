package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Draining a refused WebSocket message")
class MessageDrainTest {
    private final AtomicInteger closes = new AtomicInteger();
    private final MessageDrain drain = new MessageDrain(closes::incrementAndGet);

    @Test
    @DisplayName("closes once, when the message's last part arrives")
    void closesAtTheEndOfTheMessage() {
        drain.part(70_000, false);
        drain.part(4096, false);
        assertThat(closes).hasValue(0);

        drain.part(10, true);
        drain.part(10, true);

        assertThat(closes).hasValue(1);
    }

    @Test
    @DisplayName("closes without waiting for the end once more than 32 MiB of the message were drained")
    void closesPastTheLimit() {
        drain.part(MessageDrain.LIMIT, false);
        assertThat(closes).hasValue(0);

        drain.part(1, false);

        assertThat(closes).hasValue(1);
    }
}
