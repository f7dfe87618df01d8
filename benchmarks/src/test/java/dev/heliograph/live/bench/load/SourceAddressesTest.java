package dev.heliograph.live.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SourceAddresses")
class SourceAddressesTest {

    @Test
    @DisplayName("connections fill one source address before moving to the next")
    void fillsOneAddressThenTheNext() {
        SourceAddresses sources = SourceAddresses.startingAt("127.0.0.2", 25_000);

        assertThat(sources.addressFor(0).getHostAddress()).isEqualTo("127.0.0.2");
        assertThat(sources.addressFor(24_999).getHostAddress()).isEqualTo("127.0.0.2");
        assertThat(sources.addressFor(25_000).getHostAddress()).isEqualTo("127.0.0.3");
        assertThat(sources.addressFor(60_000).getHostAddress()).isEqualTo("127.0.0.4");
    }

    @Test
    @DisplayName("the distinct addresses for a count are listed in order, one per started block")
    void listsDistinctAddresses() {
        SourceAddresses sources = SourceAddresses.startingAt("127.0.0.2", 25_000);

        assertThat(sources.addressesFor(50_001)).extracting(InetAddress::getHostAddress)
                .containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
        assertThat(sources.addressesFor(10_000)).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.2");
    }

    @Test
    @DisplayName("spreading carries over into the next octet and skips nothing")
    void carriesIntoTheNextOctet() {
        SourceAddresses sources = SourceAddresses.startingAt("127.0.0.254", 10);

        assertThat(sources.addressFor(10).getHostAddress()).isEqualTo("127.0.0.255");
        assertThat(sources.addressFor(20).getHostAddress()).isEqualTo("127.0.1.0");
    }

    @Test
    @DisplayName("an address outside 127/8 is refused, naming it")
    void refusesNonLoopback() {
        assertThatThrownBy(() -> SourceAddresses.startingAt("10.0.0.2", 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.2")
                .hasMessageContaining("127.0.0.0/8");
    }

    @Test
    @DisplayName("a malformed address is refused, naming it")
    void refusesMalformed() {
        assertThatThrownBy(() -> SourceAddresses.startingAt("127.0.0", 100)).hasMessageContaining("'127.0.0'");
        assertThatThrownBy(() -> SourceAddresses.startingAt("127.0.0.300", 100)).hasMessageContaining("'127.0.0.300'");
    }

    @Test
    @DisplayName("more connections per address than the ephemeral port range holds are refused")
    void refusesTooManyPerAddress() {
        assertThatThrownBy(() -> SourceAddresses.startingAt("127.0.0.2", 40_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40000");
    }

    @Test
    @DisplayName("a count that would leave 127/8 is refused with the address it would need")
    void refusesRunningOutOfLoopback() {
        SourceAddresses sources = SourceAddresses.startingAt("127.255.255.250", 1);

        assertThat(sources.addressFor(4).getHostAddress()).isEqualTo("127.255.255.254");
        assertThatThrownBy(() -> sources.addressFor(5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("127.255.255.255");
        assertThatThrownBy(() -> sources.addressFor(6)).hasMessageContaining("128.0.0.0");
    }
}
