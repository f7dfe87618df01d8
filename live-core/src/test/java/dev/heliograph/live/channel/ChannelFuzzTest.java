package dev.heliograph.live.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.testing.fuzz.Deadline;
import dev.heliograph.live.testing.fuzz.Mutations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based fuzzing of channel name parsing ({@link ChannelId#parse},
 * {@link OrgChannel#parseWire}), which every subscribe and publish from a client goes through.
 * The rules are restated here as a regular expression and the parsers are held to it.
 */
@Label("Channel names, fuzzed")
class ChannelFuzzTest {

    private static final Deadline DEADLINE = Deadline.of(Duration.ofSeconds(10));
    private static final String PART = "[A-Za-z0-9_.\\-]+";
    private static final Pattern CHANNEL = Pattern.compile(PART + "/" + PART + "/[A-Za-z0-9_.\\-/=]+");
    private static final Pattern WIRE = Pattern.compile("[1-9][0-9]{0,17}/(.*)", Pattern.DOTALL);
    private static final String NAME_CHARS = "ABCXYZabcxyz0189_.-";
    private static final String[] TOKENS = {"/", "//", "=", "0", "00/", "1/", "\u00e9", "\ud83d\ude00", "[", "]", "^", "`",
        "\\", " ", "%2F", "\u0000"};

    @Property
    @Label("a valid channel parses to its parts and prints back as it was written")
    void validChannelsRoundTrip(@ForAll("validChannels") String channel) {
        ChannelId id = ChannelId.parse(channel);

        assertThat(id.toString()).isEqualTo(channel);
        assertThat(id.scope() + "/" + id.namespace() + "/" + id.path()).isEqualTo(channel);
        assertThat(ChannelId.of(id.scope(), id.namespace(), id.path())).isEqualTo(id);
        assertThat(ChannelId.isValid(channel)).isTrue();
    }

    @Property
    @Label("a valid wire name parses to its org and channel and prints back as it was written")
    void validWireNamesRoundTrip(@ForAll("orgIds") long orgId, @ForAll("validChannels") String channel) {
        String wire = orgId + "/" + channel;

        OrgChannel parsed = OrgChannel.parseWire(wire);

        assertThat(parsed.orgId()).isEqualTo(orgId);
        assertThat(parsed.channel()).isEqualTo(ChannelId.parse(channel));
        assertThat(parsed.wireName()).isEqualTo(wire);
        assertThat(OrgChannel.of(orgId, channel)).isEqualTo(parsed);
    }

    @Property
    @Label("any text is a channel exactly when the rules say so, and a refusal says why")
    void channelsFollowTheRules(@ForAll("channelText") String text) {
        ChannelId id = DEADLINE.run(() -> ChannelId.parse(text)).acceptedOr(InvalidChannelException.class);

        boolean valid = CHANNEL.matcher(text).matches() && text.getBytes(StandardCharsets.UTF_8).length <= ChannelId.MAX_BYTES;
        assertThat(id != null).as("parsed '%s'", text).isEqualTo(valid);
        assertThat(ChannelId.isValid(text)).isEqualTo(valid);
        if (id != null) {
            assertThat(id.toString()).isEqualTo(text);
        }
        Statistics.label("outcome").collect(valid ? "valid" : "refused");
    }

    @Property
    @Label("any text is a wire name exactly when the rules say so, and a refusal says why")
    void wireNamesFollowTheRules(@ForAll("wireText") String text) {
        OrgChannel parsed = DEADLINE.run(() -> OrgChannel.parseWire(text)).acceptedOr(InvalidChannelException.class);

        var m = WIRE.matcher(text);
        boolean valid = m.matches() && ChannelId.isValid(m.group(1));
        assertThat(parsed != null).as("parsed '%s'", text).isEqualTo(valid);
        if (parsed != null) {
            assertThat(parsed.wireName()).isEqualTo(text);
            assertThat(parsed.orgId()).isPositive();
        }
        Statistics.label("outcome").collect(valid ? "valid" : "refused");
    }

    @Provide
    Arbitrary<String> validChannels() {
        Arbitrary<String> part = Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(1).ofMaxLength(30);
        Arbitrary<String> path = Arbitraries.strings().withChars(NAME_CHARS + "/=").ofMinLength(1).ofMaxLength(120);
        return Combinators.combine(part, part, path).as((s, n, p) -> s + "/" + n + "/" + p)
                .filter(c -> c.length() <= ChannelId.MAX_BYTES);
    }

    @Provide
    Arbitrary<Long> orgIds() {
        return Arbitraries.longs().between(1, 999_999_999_999_999_999L);
    }

    @Provide
    Arbitrary<String> channelText() {
        return Arbitraries.oneOf(
                Mutations.ofText(validChannels(), TOKENS),
                Mutations.textSoup(200, TOKENS),
                Mutations.anyText(40),
                // near the length limit, in bytes: ASCII and two-byte characters
                Combinators.combine(Arbitraries.integers().between(150, 170), Arbitraries.of("x", "\u00e9"))
                        .as((n, c) -> "a/b/" + c.repeat(n - 4)));
    }

    @Provide
    Arbitrary<String> wireText() {
        Arbitrary<String> org = Arbitraries.oneOf(orgIds().map(String::valueOf),
                Arbitraries.strings().withChars("0123456789-+ ").ofMaxLength(22));
        return Arbitraries.oneOf(
                Combinators.combine(org, channelText()).as((o, c) -> o + "/" + c),
                Mutations.ofText(Combinators.combine(orgIds(), validChannels()).as((o, c) -> o + "/" + c), TOKENS),
                Mutations.anyText(40));
    }
}
