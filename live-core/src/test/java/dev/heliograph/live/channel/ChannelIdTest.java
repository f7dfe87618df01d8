package dev.heliograph.live.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ChannelId")
class ChannelIdTest {

    /** {@code prefix} followed by {@code 'x'} until the whole string is {@code bytes} long (ASCII). */
    private static String ofLength(String prefix, int bytes) {
        return prefix + "x".repeat(bytes - prefix.length());
    }

    static Stream<Arguments> validIds() {
        return Stream.of(
                arguments("grafana/dashboard/uid/abc", "grafana", "dashboard", "uid/abc"),
                arguments("grafana/broadcast/chat", "grafana", "broadcast", "chat"),
                arguments("ds/P8E80F9AEF21F6940/stream", "ds", "P8E80F9AEF21F6940", "stream"),
                arguments("plugin/my-org-app.panel/live_1", "plugin", "my-org-app.panel", "live_1"),
                arguments("stream/telegraf/cpu", "stream", "telegraf", "cpu"),
                arguments("a/b/c", "a", "b", "c"),
                arguments("a/b/c/", "a", "b", "c/"),
                arguments("a/b/c//d", "a", "b", "c//d"),
                arguments("a/b//", "a", "b", "/"),
                arguments("a/b/host=web-1/cpu=0", "a", "b", "host=web-1/cpu=0"),
                arguments("a/b/=", "a", "b", "="),
                arguments("A.Z_09-x/N.s_-1/P", "A.Z_09-x", "N.s_-1", "P"),
                arguments("_/./-", "_", ".", "-"),
                arguments(ofLength("scope/ns/", 160), "scope", "ns", "x".repeat(151)),
                arguments("s/n/" + "a".repeat(152) + "/=/_", "s", "n", "a".repeat(152) + "/=/_"));
    }

    @ParameterizedTest(name = "{0} is scope={1} namespace={2} path={3}")
    @MethodSource("validIds")
    @DisplayName("valid ids parse into their three parts and print back unchanged")
    void parsesValidIds(String id, String scope, String namespace, String path) {
        ChannelId parsed = ChannelId.parse(id);

        assertThat(parsed.scope()).isEqualTo(scope);
        assertThat(parsed.namespace()).isEqualTo(namespace);
        assertThat(parsed.path()).isEqualTo(path);
        assertThat(parsed).hasToString(id);
        assertThat(ChannelId.isValid(id)).isTrue();
        assertThat(ChannelId.of(scope, namespace, path)).isEqualTo(parsed);
    }

    static Stream<Arguments> invalidIds() {
        return Stream.of(
                // shape
                arguments("", new String[] {"empty", "scope/namespace/path"}),
                arguments("a", new String[] {"'a'", "fewer than three parts"}),
                arguments("a/b", new String[] {"'a/b'", "fewer than three parts"}),
                arguments("a//b", new String[] {"namespace is empty"}),
                arguments("a/b/", new String[] {"path is empty"}),
                arguments("/a/b", new String[] {"scope is empty"}),
                arguments("//", new String[] {"scope is empty"}),
                arguments("///", new String[] {"scope is empty"}),
                // length, in UTF-8 bytes
                arguments(ofLength("scope/ns/", 161), new String[] {"161 bytes", "limit is 160"}),
                arguments(ofLength("scope/ns/", 400), new String[] {"400 bytes", "limit is 160"}),
                arguments("a/b/" + "é".repeat(80), new String[] {"164 bytes", "limit is 160"}),
                arguments("a/b/" + "x".repeat(150) + "ü".repeat(4), new String[] {"162 bytes", "limit is 160"}),
                arguments("a/b/" + "x".repeat(154) + "€", new String[] {"161 bytes", "limit is 160"}),
                // the characters Grafana's [A-z] range admits by accident
                arguments("a/b/x[y", new String[] {"path 'x[y'", "'['", "index 1"}),
                arguments("a/b/x\\y", new String[] {"path 'x\\y'", "'\\'", "index 1"}),
                arguments("a/b/x]y", new String[] {"path 'x]y'", "']'", "index 1"}),
                arguments("a/b/x^y", new String[] {"path 'x^y'", "'^'", "index 1"}),
                arguments("a/b/x`y", new String[] {"path 'x`y'", "'`'", "index 1"}),
                arguments("[a/b/c", new String[] {"scope '[a'", "'['", "index 0"}),
                arguments("a/^b/c", new String[] {"namespace '^b'", "'^'", "index 0"}),
                arguments("a`/b/c", new String[] {"scope 'a`'", "'`'", "index 1"}),
                arguments("a/b\\/c", new String[] {"namespace 'b\\'", "'\\'", "index 1"}),
                // '=' is only allowed in the path ('/' cannot reach scope or namespace: it splits)
                arguments("a=/b/c", new String[] {"scope 'a='", "'='", "allowed: A-Z a-z 0-9 _ . -"}),
                arguments("a/b=c/d", new String[] {"namespace 'b=c'", "'='"}),
                // spaces, controls, punctuation, unicode
                arguments("a/b/c d", new String[] {"path 'c d'", "U+0020", "index 1"}),
                arguments(" a/b/c", new String[] {"scope ' a'", "U+0020", "index 0"}),
                arguments("a/b/c\t", new String[] {"U+0009"}),
                arguments("a/b/c\n", new String[] {"U+000A"}),
                arguments("a/b/é", new String[] {"path 'é'", "U+00E9", "index 0"}),
                arguments("a/b/x😀", new String[] {"U+1F600", "index 1"}),
                arguments("grafana/日本/x", new String[] {"namespace '日本'", "U+65E5"}),
                arguments("a/b/c?x=1", new String[] {"'?'"}),
                arguments("a/b/c#frag", new String[] {"'#'"}),
                arguments("a/b/c%20", new String[] {"'%'"}),
                arguments("a/b/c*", new String[] {"'*'"}),
                arguments("a:/b/c", new String[] {"scope 'a:'", "':'"}),
                arguments("a/b/c@d", new String[] {"'@'"}),
                arguments("a/b/c+d", new String[] {"'+'"}),
                arguments("a/b/c,d", new String[] {"','"}),
                arguments("a/b/c\"d", new String[] {"'\"'"}));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is rejected")
    @MethodSource("invalidIds")
    @DisplayName("invalid ids are rejected with a message naming the rule and the offending value")
    void rejectsInvalidIds(String id, String[] messageParts) {
        assertThatThrownBy(() -> ChannelId.parse(id))
                .isInstanceOf(InvalidChannelException.class)
                .hasMessageContainingAll(messageParts);
        assertThat(ChannelId.isValid(id)).isFalse();
    }

    @Test
    @DisplayName("exactly 160 bytes is allowed and 161 is not, counting multi-byte characters as bytes")
    void byteLimitBoundary() {
        String twoByteChars = "a/b/" + "=".repeat(156);
        assertThat(twoByteChars.getBytes(StandardCharsets.UTF_8)).hasSize(160);
        assertThat(ChannelId.isValid(twoByteChars)).isTrue();
        assertThat(ChannelId.isValid(twoByteChars + "=")).isFalse();

        String multiByte = "a/b/" + "x".repeat(154) + "é"; // 158 chars, 160 bytes: too long only if counted right
        assertThat(multiByte.getBytes(StandardCharsets.UTF_8)).hasSize(160);
        assertThatThrownBy(() -> ChannelId.parse(multiByte))
                .hasMessageContaining("U+00E9"); // within the limit, rejected for the character instead
    }

    @Test
    @DisplayName("null is rejected like an empty id")
    void rejectsNull() {
        assertThatThrownBy(() -> ChannelId.parse(null))
                .isInstanceOf(InvalidChannelException.class)
                .hasMessageContaining("empty");
    }

    @ParameterizedTest(name = "of(\"{0}\", \"{1}\", \"{2}\") is rejected: {3}")
    @CsvSource(delimiter = '|', value = {
        "''      | b  | c    | scope is empty",
        "a       | '' | c    | namespace is empty",
        "a       | b  | ''   | path is empty",
        "a/x     | b  | c    | scope 'a/x' has character '/'",
        "a       | b/ | c    | namespace 'b/' has character '/'",
        "a       | b  | c d  | path 'c d' has character U+0020",
    })
    @DisplayName("building an id from parts validates each part")
    void ofValidatesParts(String scope, String namespace, String path, String message) {
        assertThatThrownBy(() -> ChannelId.of(scope, namespace, path))
                .isInstanceOf(InvalidChannelException.class)
                .hasMessageContaining(message);
    }

    @Test
    @DisplayName("building an id from parts enforces the 160-byte limit on the joined id")
    void ofEnforcesLength() {
        assertThat(ChannelId.of("a", "b", "x".repeat(156))).hasToString("a/b/" + "x".repeat(156));
        assertThatThrownBy(() -> ChannelId.of("a", "b", "x".repeat(157)))
                .isInstanceOf(InvalidChannelException.class)
                .hasMessageContainingAll("161 bytes", "limit is 160");
    }

    @ParameterizedTest
    @ValueSource(strings = {"grafana/dashboard/uid/abc", "ds/uid/a/b/c", "stream/s/m"})
    @DisplayName("scopeAndNamespace is the first two parts, the handler key")
    void scopeAndNamespace(String id) {
        ChannelId parsed = ChannelId.parse(id);
        assertThat(id).startsWith(parsed.scopeAndNamespace() + "/");
    }

    @Test
    @DisplayName("equal ids are equal and hash alike")
    void equality() {
        assertThat(ChannelId.parse("a/b/c")).isEqualTo(ChannelId.of("a", "b", "c"))
                .hasSameHashCodeAs(ChannelId.of("a", "b", "c"))
                .isNotEqualTo(ChannelId.parse("a/b/c/"));
    }
}
