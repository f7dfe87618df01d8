package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.testing.fuzz.Deadline;
import dev.heliograph.live.testing.fuzz.Mutations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based fuzzing of the WebSocket upgrade's {@link OriginCheck}, which reads the
 * {@code Origin} and {@code Host} headers of every upgrade request. It is documented never to
 * throw: it returns null (allowed) or the reason for the refusal.
 */
@Label("The Origin check, fuzzed")
class OriginCheckFuzzTest {

    private static final Deadline DEADLINE = Deadline.of(Duration.ofSeconds(10));
    private static final String[] TOKENS = {"://", ":", "/", "[", "]", "@", "*", ".", "%", "#", "?", " ", "::1", "80",
        "-1", "99999999999", "http", "https", "\u00e9", "xn--"};

    @Property
    @Label("any Origin and Host, under any settings, give null or a reason naming the origin, never an exception")
    void anyHeadersGiveAnAnswer(@ForAll("settings") LiveSettings settings, @ForAll("originText") String origin,
                                @ForAll("hostText") String host) {
        OriginCheck check = new OriginCheck(settings);

        String refusal = DEADLINE.run(() -> check.refusal(origin, host)).returned();

        if (refusal != null) {
            assertThat(refusal).isNotBlank().contains("Origin '" + origin + "'");
        }
        Statistics.label("outcome").collect(refusal == null ? "allowed" : "refused");
    }

    @Property
    @Label("an origin whose host and port are the request's Host is allowed, whatever the case")
    void sameHostIsAllowed(@ForAll("settings") LiveSettings settings, @ForAll("origins") Origin origin,
                           @ForAll boolean upperCase) {
        String header = upperCase ? origin.text().toUpperCase(Locale.ROOT) : origin.text();

        assertThat(new OriginCheck(settings).refusal(header, origin.hostAndPort())).isNull();
    }

    @Property
    @Label("an origin is allowed by a glob exactly when the glob, as a pattern, matches it")
    void globsDecideLikePatterns(@ForAll("origins") Origin origin, @ForAll("globs") List<String> globs) {
        LiveSettings settings = LiveSettings.builder().allowedOrigins(globs).build();
        boolean allowAll = settings.allowedOrigins().equals(List.of("*"));
        boolean matches = settings.allowedOrigins().stream()
                .anyMatch(g -> pattern(g).matcher(origin.text().toLowerCase(Locale.ROOT)).matches());

        String refusal = new OriginCheck(settings).refusal(origin.text(), "backend.internal:3000");

        assertThat(refusal == null).as("allowed %s by %s", origin.text(), settings.allowedOrigins())
                .isEqualTo(allowAll || matches);
        Statistics.label("outcome").collect(refusal == null ? "allowed" : "refused");
    }

    @Property
    @Label("the glob matcher agrees with a regular expression on any glob and text")
    void globMatcherAgreesWithRegex(@ForAll("globText") String glob, @ForAll("globText") String other,
                                    @ForAll boolean fillIn) {
        // half the texts are the glob with its stars filled in (matches, mostly), half are any text
        String text = fillIn ? glob.replace("*", other) : other;
        boolean expected = pattern(glob).matcher(text).matches();

        boolean actual = DEADLINE.run(() -> OriginCheck.globMatches(glob, text)).returned();

        assertThat(actual).as("'%s' matches '%s'", glob, text).isEqualTo(expected);
        Statistics.label("matches").collect(expected);
    }

    /** {@code *} is any run of characters; everything else stands for itself. */
    private static Pattern pattern(String glob) {
        String regex = List.of(glob.split("\\*", -1)).stream().map(Pattern::quote).collect(Collectors.joining(".*"));
        return Pattern.compile(regex, Pattern.DOTALL);
    }

    /** A well-formed origin as a browser sends it, and the Host header of the same server. */
    record Origin(String text, String hostAndPort) {}

    @Provide
    Arbitrary<Origin> origins() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcxyz019-").ofMinLength(1).ofMaxLength(10)
                .filter(l -> !l.startsWith("-") && !l.endsWith("-"));
        // the last label starts with a letter, as java.net.URI (RFC 2396) wants of a host name;
        // see benchmarks/results/fuzz.md on names it refuses that browsers send (underscores)
        Arbitrary<String> top = Combinators.combine(Arbitraries.strings().withChars("abcxyz").ofLength(1), label)
                .as((first, rest) -> first + rest);
        Arbitrary<String> dns = Combinators.combine(label.list().ofMaxSize(3), top)
                .as((l, t) -> l.isEmpty() ? t : String.join(".", l) + "." + t);
        Arbitrary<String> ipv4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(l -> l.stream().map(String::valueOf).collect(Collectors.joining(".")));
        Arbitrary<String> ipv6 = Arbitraries.of("[::1]", "[2001:db8::7]", "[fe80::1:2:3:4]");
        Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535).injectNull(0.5);
        return Combinators.combine(Arbitraries.of("http", "https"), Arbitraries.oneOf(dns, ipv4, ipv6), port)
                .as((scheme, host, p) -> {
                    String hostAndPort = p == null ? host : host + ":" + p;
                    return new Origin(scheme + "://" + hostAndPort, hostAndPort);
                });
    }

    @Provide
    Arbitrary<LiveSettings> settings() {
        Arbitrary<String> rootUrl = origins().map(o -> o.text() + "/").injectNull(0.5);
        return Combinators.combine(globs(), rootUrl)
                .as((globs, root) -> LiveSettings.builder().allowedOrigins(globs).rootUrl(root).build());
    }

    @Provide
    Arbitrary<List<String>> globs() {
        Arbitrary<String> glob = Arbitraries.oneOf(
                origins().map(Origin::text),
                origins().map(o -> o.text().replaceFirst("://[^.:]*", "://*")),
                Arbitraries.of("*", "https://*", "*.example.com", "http://*:*"),
                Mutations.anyText(12));
        return glob.list().ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> originText() {
        return Arbitraries.oneOf(
                origins().map(Origin::text),
                Mutations.ofText(origins().map(Origin::text), TOKENS),
                Mutations.textSoup(120, TOKENS),
                Mutations.anyText(40),
                Arbitraries.of("null", "", " ", "file://", "http://", "http://:80", "http://[::1", "https://a b"))
                .injectNull(0.05);
    }

    @Provide
    Arbitrary<String> hostText() {
        return Arbitraries.oneOf(
                origins().map(Origin::hostAndPort),
                Mutations.ofText(origins().map(Origin::hostAndPort), TOKENS),
                Mutations.anyText(20))
                .injectNull(0.1);
    }

    @Provide
    Arbitrary<String> globText() {
        return Arbitraries.strings().withChars("ab*.:/\u00e9\n").ofMaxLength(14);
    }
}
