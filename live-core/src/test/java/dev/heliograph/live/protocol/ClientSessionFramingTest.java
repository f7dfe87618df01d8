package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A client session closes with 3501 (bad request)")
class ClientSessionFramingTest {

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final SessionHarness harness = SessionHarness.withHooks(b -> b.clientSendHandler((user, data) -> sent.add(data.toString())), s -> {});

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    @DisplayName("on two commands on one line, and handles neither of them")
    void twoCommandsOnOneLine() {
        SessionHarness.Client c = harness.connected();

        c.send("{\"send\":{\"data\":1}}{\"send\":{\"data\":2}}");

        c.awaitClosed(3501, "bad request: command 1 is followed by '{' on the same line (column 20)");
        assertThat(sent).isEmpty();
    }

    @Test
    @DisplayName("on a line with more after its command, after handling the lines before it")
    void trailingContentAfterGoodLines() {
        SessionHarness.Client c = harness.connected();

        c.send("{\"send\":{\"data\":1}}\n{\"send\":{\"data\":2}} x");

        c.awaitClosed(3501, "bad request: command 2 is followed by 'x'");
        assertThat(sent).containsExactly("1");
    }

    @Test
    @DisplayName("on a connect that starts with a byte-order mark, which is not connected")
    void byteOrderMarkBeforeConnect() {
        SessionHarness.Client c = harness.client();

        c.send("\ufeff{\"id\":1,\"connect\":{}}");

        c.awaitClosed(3501, "bad request: message starts with a UTF-8 byte-order mark");
        assertThat(c.messages()).isEmpty();
    }

    @Test
    @DisplayName("on a byte-order mark before a command of a connected client")
    void byteOrderMarkAfterConnect() {
        SessionHarness.Client c = harness.connected();

        c.send("\ufeff{\"send\":{\"data\":1}}");

        c.awaitClosed(3501, "bad request: message starts with a UTF-8 byte-order mark");
        assertThat(sent).isEmpty();
    }
}
