package dev.heliograph.live.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.json.RawJson;
import dev.heliograph.live.testing.fuzz.Deadline;
import dev.heliograph.live.testing.fuzz.Json;
import dev.heliograph.live.testing.fuzz.Mutations;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based fuzzing of {@link MessageCodec}, which decodes whatever arrives on the engine's
 * Redis PUB/SUB channels and presence hashes (another writer, an older node, a corrupted value).
 * No Redis server is needed.
 */
@Label("The Redis message codec, fuzzed")
class MessageCodecFuzzTest {

    private static final Deadline DEADLINE = Deadline.of(Duration.ofSeconds(10));
    private static final OrgChannel CHANNEL = OrgChannel.of(3, "grafana/broadcast/fuzz");
    /** Bytes the format gives meaning to: the version, kinds, flags, varint continuations. */
    private static final String[] TOKENS = {"\u0001", "\u0002", "\u0003", "\u0004", "\u0007", "\u007f",
        "\u0080", "\u00ff", "{}", "\"x\""};

    @Property
    @Label("any publication, join or leave decodes from its encoding to what was encoded")
    void publicationsRoundTrip(@ForAll("publications") Publication p) {
        Publication decoded = MessageCodec.decode(CHANNEL, MessageCodec.encode(p));

        assertThat(decoded.kind()).isEqualTo(p.kind());
        assertThat(decoded.channel()).isEqualTo(CHANNEL);
        assertThat(decoded.info()).isEqualTo(p.info());
        assertThat(decoded.data() == null ? null : decoded.data().toString())
                .isEqualTo(p.data() == null ? null : p.data().toString());
    }

    @Property
    @Label("any presence entry decodes from its encoding to what was encoded")
    void presenceEntriesRoundTrip(@ForAll("infos") ClientInfo info) {
        assertThat(MessageCodec.decodeInfo(MessageCodec.encodeInfo(info))).isEqualTo(info);
    }

    @Property
    @Label("any bytes on a channel decode within bounds or are refused as malformed")
    void anyMessage(@ForAll("messages") byte[] message) {
        Publication p = DEADLINE.run(() -> MessageCodec.decode(CHANNEL, message))
                .acceptedOr(MessageCodec.MalformedMessageException.class);
        Statistics.label("outcome").collect(p == null ? "refused" : "accepted");
        if (p == null) {
            return;
        }
        long decoded = (p.data() == null ? 0 : p.data().length()) + infoSize(p.info());
        assertThat(decoded).as("decoded bytes").isLessThanOrEqualTo(message.length);
        assertThat(p.channel()).isEqualTo(CHANNEL);
        if (p.kind() != Publication.Kind.PUBLICATION) {
            assertThat(p.info()).isNotNull();
        } else {
            assertThat(p.data()).isNotNull();
        }
    }

    @Property
    @Label("any bytes in a presence hash decode within bounds or are refused as malformed")
    void anyPresenceEntry(@ForAll("entries") byte[] entry) {
        ClientInfo info = DEADLINE.run(() -> MessageCodec.decodeInfo(entry))
                .acceptedOr(MessageCodec.MalformedMessageException.class);
        Statistics.label("outcome").collect(info == null ? "refused" : "accepted");
        if (info != null) {
            assertThat(infoSize(info)).isLessThanOrEqualTo(entry.length);
        }
    }

    private static long infoSize(ClientInfo info) {
        if (info == null) {
            return 0;
        }
        // a decoded string has at most one char per byte it came from
        return (long) info.user().length() + info.client().length()
                + (info.connInfo() == null ? 0 : info.connInfo().length())
                + (info.chanInfo() == null ? 0 : info.chanInfo().length());
    }

    @Provide
    Arbitrary<ClientInfo> infos() {
        Arbitrary<String> text = Arbitraries.oneOf(Json.anyString(12),
                // a length over 127 needs a second varint byte, over 16383 a third
                Arbitraries.integers().between(120, 17000).map("u"::repeat));
        Arbitrary<RawJson> json = Json.value(2).map(RawJson::parse).injectNull(0.4);
        return Combinators.combine(text, text, json, json).as(ClientInfo::new);
    }

    @Provide
    Arbitrary<Publication> publications() {
        Arbitrary<RawJson> data = Json.value(3).map(RawJson::parse);
        return Arbitraries.oneOf(
                Combinators.combine(data, infos().injectNull(0.3)).as((d, i) -> Publication.of(CHANNEL, d, i)),
                infos().map(i -> Publication.join(CHANNEL, i)),
                infos().map(i -> Publication.leave(CHANNEL, i)));
    }

    @Provide
    Arbitrary<byte[]> messages() {
        return Arbitraries.oneOf(
                Mutations.of(publications().map(MessageCodec::encode), TOKENS),
                Mutations.rawBytes(64),
                Mutations.soup(128, TOKENS),
                // a header that passes, then anything
                Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.bytes(), Mutations.rawBytes(32))
                        .as((kind, flags, rest) -> concat(new byte[] {MessageCodec.VERSION, (byte) (int) kind, flags}, rest)));
    }

    @Provide
    Arbitrary<byte[]> entries() {
        return Arbitraries.oneOf(
                Mutations.of(infos().map(MessageCodec::encodeInfo), TOKENS),
                Mutations.rawBytes(64),
                Mutations.soup(128, TOKENS));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
