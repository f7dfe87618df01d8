package dev.heliograph.live.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("OrgChannel")
class OrgChannelTest {

    @ParameterizedTest(name = "{0} is org {1}, channel {2}")
    @CsvSource(delimiter = '|', value = {
        "1/grafana/broadcast/x                 | 1                  | grafana/broadcast/x",
        "2/grafana/dashboard/uid/abc           | 2                  | grafana/dashboard/uid/abc",
        "42/stream/telegraf/cpu                | 42                 | stream/telegraf/cpu",
        "10/ds/uid/a/b//c/                     | 10                 | ds/uid/a/b//c/",
        "999999999999999999/a/b/c              | 999999999999999999 | a/b/c",
    })
    @DisplayName("the wire form parses into the org id and the channel, and prints back unchanged")
    void parsesWireNames(String wire, long orgId, String channel) {
        OrgChannel parsed = OrgChannel.parseWire(wire);

        assertThat(parsed.orgId()).isEqualTo(orgId);
        assertThat(parsed.channel()).isEqualTo(ChannelId.parse(channel));
        assertThat(parsed.wireName()).isEqualTo(wire);
        assertThat(parsed).isEqualTo(OrgChannel.of(orgId, channel));
    }

    @ParameterizedTest(name = "\"{0}\" is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
        "0/grafana/broadcast/x                     | prefix '0': org ids start at 1",
        "00/grafana/broadcast/x                    | prefix '00': org ids start at 1",
        "-1/grafana/broadcast/x                    | prefix '-1' that is not a positive decimal number",
        "x/grafana/broadcast/x                     | prefix 'x' that is not a positive decimal number",
        "1x/grafana/broadcast/x                    | prefix '1x' that is not a positive decimal number",
        "+1/grafana/broadcast/x                    | prefix '+1' that is not a positive decimal number",
        "' 1/grafana/broadcast/x'                  | prefix ' 1' that is not a positive decimal number",
        "grafana/broadcast/x                       | prefix 'grafana' that is not a positive decimal number",
        "/grafana/broadcast/x                      | has no org prefix",
        "1                                         | has no org prefix",
        "01/grafana/broadcast/x                    | prefix '01' with a leading zero: write it as 1",
        "9999999999999999999/grafana/broadcast/x   | prefix '9999999999999999999' that is too large: at most 18 digits",
        "99999999999999999999999/grafana/broadcast/x | that is too large",
        "1/                                        | channel is empty",
        "1/grafana/broadcast                       | fewer than three parts",
        "1/grafana/broadcast/x^y                   | path 'x^y' has character '^'",
        "1//broadcast/x                            | scope is empty",
        "''                                        | channel is empty",
    })
    @DisplayName("bad org prefixes and bad channels are rejected with a message naming the problem")
    void rejectsBadWireNames(String wire, String message) {
        assertThatThrownBy(() -> OrgChannel.parseWire(wire))
                .isInstanceOf(InvalidChannelException.class)
                .hasMessageContaining(message);
    }

    @Test
    @DisplayName("the 160-byte limit applies after the prefix: prefix plus 160 bytes is fine, 161 is not")
    void limitExcludesPrefix() {
        String channel160 = "a/b/" + "x".repeat(156);
        OrgChannel ok = OrgChannel.parseWire("123/" + channel160);
        assertThat(ok.channel().toString()).hasSize(160);
        assertThat(ok.wireName()).hasSize(164);

        assertThatThrownBy(() -> OrgChannel.parseWire("123/" + channel160 + "x"))
                .isInstanceOf(InvalidChannelException.class)
                .hasMessageContainingAll("161 bytes", "limit is 160");
    }

    @ParameterizedTest(name = "org id {0} is rejected")
    @CsvSource({"0", "-1", "-9223372036854775808"})
    @DisplayName("an org id below 1 is rejected when building from parts")
    void rejectsNonPositiveOrgId(long orgId) {
        assertThatThrownBy(() -> OrgChannel.of(orgId, "a/b/c"))
                .isInstanceOf(InvalidChannelException.class)
                .hasMessageContaining("org id must be a positive number, got " + orgId);
    }

    @Test
    @DisplayName("the same channel in two orgs is two different channels")
    void orgsDiffer() {
        assertThat(OrgChannel.of(1, "a/b/c")).isNotEqualTo(OrgChannel.of(2, "a/b/c"));
        assertThat(OrgChannel.of(1, "a/b/c")).isEqualTo(OrgChannel.parseWire("1/a/b/c"));
    }

    @Test
    @DisplayName("null is rejected like an empty name")
    void rejectsNull() {
        assertThatThrownBy(() -> OrgChannel.parseWire(null))
                .isInstanceOf(InvalidChannelException.class)
                .hasMessageContaining("empty");
    }
}
