package dev.heliograph.live.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.LiveSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Origin check")
class OriginCheckTest {

    private static OriginCheck check(String allowed, String rootUrl) {
        return new OriginCheck(LiveSettings.builder().allowedOrigins(allowed).rootUrl(rootUrl).build());
    }

    @Test
    @DisplayName("allows a request without an Origin header (non-browser clients)")
    void allowsNoOrigin() {
        assertThat(check("", null).refusal(null, "live.example.com")).isNull();
    }

    @Test
    @DisplayName("allows every origin when allowed_origins is exactly *")
    void allowsEverythingWithStar() {
        assertThat(check("*", null).refusal("https://evil.example.org", "live.example.com")).isNull();
        assertThat(check("*", null).refusal("not a url", "live.example.com")).isNull();
    }

    @Test
    @DisplayName("refuses an unparsable origin before comparing hosts")
    void refusesUnparsable() {
        assertThat(check("https://*", null).refusal("null", "live.example.com")).contains("'null' is not a valid origin");
        assertThat(check("", null).refusal("http://exa mple.com", "exa mple.com")).contains("not a valid origin");
    }

    @Test
    @DisplayName("allows an origin whose host and port equal the request's Host, in any case")
    void allowsSameHost() {
        assertThat(check("", null).refusal("http://localhost:3000", "localhost:3000")).isNull();
        assertThat(check("", null).refusal("https://Live.Example.com", "live.example.com")).isNull();
        assertThat(check("", null).refusal("http://localhost:3001", "localhost:3000")).isNotNull();
    }

    @Test
    @DisplayName("allows the root URL's scheme and host behind a proxy, and only that scheme")
    void allowsRootUrl() {
        OriginCheck c = check("", "https://grafana.example.com/");
        assertThat(c.refusal("https://grafana.example.com", "10.0.0.5:3000")).isNull();
        assertThat(c.refusal("http://grafana.example.com", "10.0.0.5:3000")).isNotNull();
        assertThat(c.refusal("https://grafana.example.com:8443", "10.0.0.5:3000")).isNotNull();
    }

    @Test
    @DisplayName("allows origins matching an allowed_origins glob, case-insensitively")
    void allowsGlob() {
        OriginCheck c = check(" https://*.example.com , http://localhost:8080", null);
        assertThat(c.refusal("https://app.example.com", "backend:3000")).isNull();
        assertThat(c.refusal("HTTPS://A.B.EXAMPLE.COM", "backend:3000")).isNull();
        assertThat(c.refusal("http://localhost:8080", "backend:3000")).isNull();
        assertThat(c.refusal("https://example.com", "backend:3000")).isNotNull();
        assertThat(c.refusal("https://app.example.com.evil.org", "backend:3000")).isNotNull();
    }

    @Test
    @DisplayName("says which origin was refused and which settings would allow it")
    void refusalNamesOriginAndSettings() {
        String refusal = check("https://ok.example.com", "https://grafana.example.com/")
                .refusal("https://Other.Example.org:8443", "backend:3000");
        assertThat(refusal)
                .contains("'https://Other.Example.org:8443'")
                .contains("request Host 'backend:3000'")
                .contains("root_url 'https://grafana.example.com/'")
                .contains("[https://ok.example.com]")
                .contains("allowed_origins = https://other.example.org:8443")
                .contains("set root_url to https://other.example.org:8443/");
    }

    @Test
    @DisplayName("globs: * matches any run, other characters match themselves")
    void globs() {
        assertThat(OriginCheck.globMatches("*", "")).isTrue();
        assertThat(OriginCheck.globMatches("a*c", "abbbc")).isTrue();
        assertThat(OriginCheck.globMatches("a*c", "abbbd")).isFalse();
        assertThat(OriginCheck.globMatches("*.x.com", "a.x.com")).isTrue();
        assertThat(OriginCheck.globMatches("*.x.com", "x.com")).isFalse();
        assertThat(OriginCheck.globMatches("a**b", "ab")).isTrue();
        assertThat(OriginCheck.globMatches("abc", "abcd")).isFalse();
    }

    @Test
    @DisplayName("a host name with an underscore (a Docker service name) is compared like any other, and userinfo is never an origin")
    void underscoreHosts() {
        OriginCheck c = check("", null);
        assertThat(c.refusal("http://grafana_app:3000", "grafana_app:3000")).isNull();
        assertThat(c.refusal("http://grafana_app:3000", "other_app:3000")).contains("'http://grafana_app:3000'");
        assertThat(c.refusal("http://user@grafana_app:3000", "grafana_app:3000")).contains("not a valid origin");
    }
}
