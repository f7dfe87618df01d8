package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Publishing through a client session")
class ClientSessionPublishTest {

    private final SessionHarness harness = new SessionHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    @DisplayName("needs no subscription and reaches the channel's subscribers with the publisher's info")
    void publishWithoutSubscription() {
        SessionHarness.Client subscriber = harness.connected(SessionHarness.OTHER_USER);
        subscriber.call("{\"id\":2,\"subscribe\":{\"channel\":\"1/test/ns/a\"}}");
        SessionHarness.Client publisher = harness.connected();

        assertThat(publisher.call("{\"id\":2,\"publish\":{\"channel\":\"1/test/ns/a\",\"data\":{\"x\": 1}}}"))
                .isEqualTo("{\"id\":2,\"publish\":{}}");

        assertThat(subscriber.awaitMessages(3).get(2)).isEqualTo("{\"push\":{\"channel\":\"1/test/ns/a\",\"pub\":{\"data\":{\"x\": 1},"
                + "\"info\":{\"user\":\"7\",\"client\":\"" + publisher.id() + "\"}}}}");
    }

    @Test
    @DisplayName("answers in command order while publishes complete later")
    void repliesInOrder() {
        SessionHarness.Client c = harness.connected();
        harness.hub.hold();

        c.send("{\"id\":2,\"publish\":{\"channel\":\"1/test/ns/a\",\"data\":1}}\n"
                + "{\"id\":3,\"rpc\":{\"method\":\"none\"}}\n"
                + "{\"id\":4,\"publish\":{\"channel\":\"1/test/ns/b\",\"data\":2}}\n"
                + "{\"id\":5,\"unsubscribe\":{\"channel\":\"1/test/ns/a\"}}");
        c.send("{\"id\":6,\"subscribe\":{\"channel\":\"1/test/ns/c\"}}");
        assertThat(harness.hub.heldCount()).isEqualTo(2);
        assertThat(c.messages()).hasSize(1);

        harness.hub.release();

        List<String> m = c.awaitMessages(6);
        assertThat(m.subList(1, 6)).extracting(s -> s.substring(0, s.indexOf(',')))
                .containsExactly("{\"id\":2", "{\"id\":3", "{\"id\":4", "{\"id\":5", "{\"id\":6");
    }

    @Test
    @DisplayName("answers 100 temporary when the engine is unavailable")
    void hubUnavailable() {
        SessionHarness.Client c = harness.connected();
        harness.hub.failing(true);

        assertThat(c.call("{\"id\":2,\"publish\":{\"channel\":\"1/test/ns/a\",\"data\":1}}"))
                .isEqualTo("{\"id\":2,\"error\":{\"code\":100,\"message\":\"internal server error\",\"temporary\":true}}");
        harness.hub.failing(false);
        assertThat(c.call("{\"id\":3,\"publish\":{\"channel\":\"1/test/ns/a\",\"data\":1}}")).isEqualTo("{\"id\":3,\"publish\":{}}");
    }

    @Test
    @DisplayName("maps the handler's answers: 403, 404, 100 for an exception, 103 for another org, 400 for an invalid channel")
    void errors() {
        SessionHarness.Client c = harness.connected();
        assertThat(c.call("{\"id\":2,\"publish\":{\"channel\":\"1/test/ns/denied\",\"data\":1}}"))
                .isEqualTo("{\"id\":2,\"error\":{\"code\":403,\"message\":\"forbidden\"}}");
        assertThat(c.call("{\"id\":3,\"publish\":{\"channel\":\"1/unknown/ns/x\",\"data\":1}}"))
                .isEqualTo("{\"id\":3,\"error\":{\"code\":404,\"message\":\"not found\"}}");
        assertThat(c.call("{\"id\":4,\"publish\":{\"channel\":\"1/test/ns/boom\",\"data\":1}}"))
                .isEqualTo("{\"id\":4,\"error\":{\"code\":100,\"message\":\"internal server error\",\"temporary\":true}}");
        assertThat(c.call("{\"id\":5,\"publish\":{\"channel\":\"3/test/ns/a\",\"data\":1}}"))
                .isEqualTo("{\"id\":5,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
        assertThat(c.call("{\"id\":6,\"publish\":{\"channel\":\"1/test/ns/\",\"data\":1}}"))
                .startsWith("{\"id\":6,\"error\":{\"code\":400,\"message\":\"invalid channel: ");
        assertThat(c.session.isClosed()).isFalse();
    }

    @Test
    @DisplayName("lets streams refuse client publishes with 403")
    void streamScopeRefuses() {
        SessionHarness.Client c = harness.connected();
        assertThat(c.call("{\"id\":2,\"publish\":{\"channel\":\"1/stream/telegraf/cpu\",\"data\":1}}"))
                .isEqualTo("{\"id\":2,\"error\":{\"code\":403,\"message\":\"forbidden\"}}");
    }
}
