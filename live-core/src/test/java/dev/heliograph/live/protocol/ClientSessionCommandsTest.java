package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.json.RawJson;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("A client session")
class ClientSessionCommandsTest {

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final SessionHarness harness = SessionHarness.withHooks(b -> b.rpcMethod("echo", (user, data) -> data)
            .rpcMethod("whoami", (user, data) -> RawJson.ofString(user.login()))
            .rpcMethod("refuse", (user, data) -> {
                throw new CommandRejectedException(1001, "not today");
            })
            .rpcMethod("crash", (user, data) -> {
                throw new IllegalStateException("bug");
            })
            .clientSendHandler((user, data) -> sent.add(user.id() + ":" + data)),
            s -> s.messageSizeLimit(200));

    @AfterEach
    void close() {
        harness.close();
    }

    @Nested
    @DisplayName("on connect")
    class Connect {
        @Test
        @DisplayName("answers with a unique client id, the version, the ping interval and pong:true")
        void connectReply() {
            SessionHarness.Client a = harness.connected();
            SessionHarness.Client b = harness.connected();

            assertThat(a.messages().get(0))
                    .isEqualTo("{\"id\":1,\"connect\":{\"client\":\"" + a.id() + "\",\"version\":\"1.0.0\",\"ping\":600,\"pong\":true}}");
            assertThat(a.id()).isNotEqualTo(b.id()).isNotBlank();
        }

        @Test
        @DisplayName("closes with 3501 on a second connect")
        void secondConnect() {
            SessionHarness.Client c = harness.connected();
            c.send("{\"id\":2,\"connect\":{}}");
            c.awaitClosed(3501, "bad request: second connect");
        }

        @Test
        @DisplayName("closes with 3501 on any command before connect")
        void commandBeforeConnect() {
            SessionHarness.Client c = harness.client();
            c.send("{\"id\":1,\"subscribe\":{\"channel\":\"1/test/ns/a\"}}");
            c.awaitClosed(3501, "bad request: subscribe before connect");
            assertThat(c.messages()).isEmpty();
        }
    }

    @Nested
    @DisplayName("closes with 3501 (bad request)")
    class BadRequests {
        @Test
        @DisplayName("on a command without id")
        void missingId() {
            SessionHarness.Client c = harness.connected();
            c.send("{\"subscribe\":{\"channel\":\"1/test/ns/a\"}}");
            c.awaitClosed(3501, "bad request: subscribe without id");
        }

        @Test
        @DisplayName("on a pong when no ping is outstanding")
        void unexpectedPong() {
            SessionHarness.Client c = harness.connected();
            c.send("{}");
            c.awaitClosed(3501, "bad request: pong without ping");
        }

        @Test
        @DisplayName("on an empty channel")
        void emptyChannel() {
            SessionHarness.Client c = harness.connected();
            c.send("{\"id\":2,\"publish\":{\"channel\":\"\",\"data\":{}}}");
            c.awaitClosed(3501, "bad request: publish without channel");
        }

        @Test
        @DisplayName("on malformed JSON, with the reason")
        void malformed() {
            SessionHarness.Client c = harness.connected();
            c.send("{\"id\":2,\"subscribe\":{\"channel\":");
            c.awaitClosed(3501, "bad request: malformed JSON");
        }

        @Test
        @DisplayName("on an unknown method, as the reference server does")
        void unknownMethod() {
            SessionHarness.Client c = harness.connected();
            c.send("{\"id\":2,\"teleport\":{}}");
            c.awaitClosed(3501, "bad request: command 2 has no known method");
        }

        @Test
        @DisplayName("on publish without data")
        void publishWithoutData() {
            SessionHarness.Client c = harness.connected();
            c.send("{\"id\":2,\"publish\":{\"channel\":\"1/test/ns/a\"}}");
            c.awaitClosed(3501, "bad request: publish to 1/test/ns/a without data");
        }

        @Test
        @DisplayName("after handling the commands before a malformed one, as the reference server does")
        void handlesCommandsBeforeMalformedJson() {
            SessionHarness.Client c = harness.connected();
            c.send("{\"send\":{\"data\":{\"n\":1}}}\n[1]\n{\"send\":{\"data\":{\"n\":3}}}");
            c.awaitClosed(3501, "bad request: command 2 is an array");
            assertThat(sent).containsExactly("7:{\"n\":1}");
        }

        @Test
        @DisplayName("and handles no command after the bad one")
        void stopsAtTheBadCommand() {
            SessionHarness.Client c = harness.connected();
            c.send("{\"id\":2,\"rpc\":{\"method\":\"echo\"}}\n{\"rpc\":{}}\n{\"id\":4,\"rpc\":{\"method\":\"echo\"}}");
            c.awaitClosed(3501, "bad request: rpc without id");
            assertThat(c.messages()).noneMatch(m -> m.startsWith("{\"id\":4"));
        }
    }

    @Test
    @DisplayName("closes with 1009 on a message over the size limit")
    void messageTooBig() {
        SessionHarness.Client c = harness.connected();
        c.send("{\"id\":2,\"publish\":{\"channel\":\"1/test/ns/a\",\"data\":\"" + "x".repeat(200) + "\"}}");
        c.awaitClosed(1009, "message too big");
    }

    @Test
    @DisplayName("counts the size limit in UTF-8 bytes, not characters")
    void messageTooBigInBytes() {
        SessionHarness.Client c = harness.connected();
        c.send("{\"id\":2,\"publish\":{\"channel\":\"1/test/ns/a\",\"data\":\"" + "\u00e9".repeat(80) + "\"}}");
        c.awaitClosed(1009, "message too big");
    }

    @Nested
    @DisplayName("answers other methods")
    class OtherMethods {
        @Test
        @DisplayName("history and sub_refresh with 108 not available")
        void notAvailable() {
            SessionHarness.Client c = harness.connected();
            assertThat(c.call("{\"id\":2,\"history\":{\"channel\":\"1/test/ns/a\",\"limit\":10}}"))
                    .isEqualTo("{\"id\":2,\"error\":{\"code\":108,\"message\":\"not available\"}}");
            assertThat(c.call("{\"id\":3,\"sub_refresh\":{\"channel\":\"1/test/ns/a\",\"token\":\"t\"}}"))
                    .isEqualTo("{\"id\":3,\"error\":{\"code\":108,\"message\":\"not available\"}}");
        }

        @Test
        @DisplayName("refresh with 108 when the host has no refresh handler")
        void refreshWithoutHandler() {
            SessionHarness.Client c = harness.connected();
            assertThat(c.call("{\"id\":2,\"refresh\":{\"token\":\"t\"}}"))
                    .isEqualTo("{\"id\":2,\"error\":{\"code\":108,\"message\":\"not available\"}}");
        }

        @Test
        @DisplayName("rpc through the host's methods, with raw data in and out")
        void rpc() {
            SessionHarness.Client c = harness.connected();
            assertThat(c.call("{\"id\":2,\"rpc\":{\"method\":\"echo\",\"data\":{\"a\": [1, 2]}}}"))
                    .isEqualTo("{\"id\":2,\"rpc\":{\"data\":{\"a\": [1, 2]}}}");
            assertThat(c.call("{\"id\":3,\"rpc\":{\"method\":\"whoami\"}}"))
                    .isEqualTo("{\"id\":3,\"rpc\":{\"data\":\"admin\"}}");
            assertThat(c.call("{\"id\":4,\"rpc\":{\"method\":\"echo\"}}")).isEqualTo("{\"id\":4,\"rpc\":{}}");
        }

        @Test
        @DisplayName("an unknown rpc method with 104, a refused call with its code, a failing one with 100")
        void rpcErrors() {
            SessionHarness.Client c = harness.connected();
            assertThat(c.call("{\"id\":2,\"rpc\":{\"method\":\"nope\"}}"))
                    .isEqualTo("{\"id\":2,\"error\":{\"code\":104,\"message\":\"method not found: 'nope'\"}}");
            assertThat(c.call("{\"id\":3,\"rpc\":{\"method\":\"refuse\"}}"))
                    .isEqualTo("{\"id\":3,\"error\":{\"code\":1001,\"message\":\"not today\"}}");
            assertThat(c.call("{\"id\":4,\"rpc\":{\"method\":\"crash\"}}"))
                    .isEqualTo("{\"id\":4,\"error\":{\"code\":100,\"message\":\"internal server error\",\"temporary\":true}}");
        }

        @Test
        @DisplayName("send to the host's handler without a reply, also without an id")
        void send() {
            SessionHarness.Client c = harness.connected();
            c.send("{\"send\":{\"data\":{\"typing\":true}}}");
            assertThat(c.call("{\"id\":2,\"rpc\":{\"method\":\"echo\"}}")).isEqualTo("{\"id\":2,\"rpc\":{}}");
            assertThat(sent).containsExactly("7:{\"typing\":true}");
        }
    }

    @Test
    @DisplayName("answers refresh through the host's handler with the new ttl")
    void refreshWithHandler() {
        try (SessionHarness h = SessionHarness.withHooks(b -> b.refreshHandler((user, token) -> {
            if (!token.equals("good")) {
                throw new CommandRejectedException(109, "token expired");
            }
            return Duration.ofMinutes(5);
        }), s -> {})) {
            SessionHarness.Client c = h.connected();
            assertThat(c.call("{\"id\":2,\"refresh\":{\"token\":\"good\"}}"))
                    .isEqualTo("{\"id\":2,\"refresh\":{\"client\":\"" + c.id() + "\",\"version\":\"1.0.0\",\"expires\":true,\"ttl\":300}}");
            assertThat(c.call("{\"id\":3,\"refresh\":{\"token\":\"old\"}}"))
                    .isEqualTo("{\"id\":3,\"error\":{\"code\":109,\"message\":\"token expired\"}}");
        }
    }
}
