package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The reply sequencer")
class ReplySequencerTest {

    private final List<String> emitted = new ArrayList<>();
    private final ReplySequencer sequencer =
            new ReplySequencer(reply -> emitted.add(new String(reply, StandardCharsets.UTF_8)));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("emits immediate replies at once when nothing is pending")
    void immediate() {
        List<String> after = new ArrayList<>();
        sequencer.reply(b("1"), () -> after.add("ran"));

        assertThat(emitted).containsExactly("1");
        assertThat(after).containsExactly("ran");
    }

    @Test
    @DisplayName("holds later replies behind a pending one and releases them in command order")
    void ordersBehindPending() {
        ReplySequencer.Slot first = sequencer.reserve();
        List<String> after = new ArrayList<>();
        sequencer.reply(b("2"), () -> after.add("after 2 saw " + emitted));
        ReplySequencer.Slot third = sequencer.reserve();
        sequencer.reply(b("4"), null);

        sequencer.complete(third, b("3"));
        assertThat(emitted).isEmpty();

        sequencer.complete(first, b("1"));
        assertThat(emitted).containsExactly("1", "2", "3", "4");
        assertThat(after).containsExactly("after 2 saw [1, 2]");
        assertThat(sequencer.pending()).isZero();
    }
}
