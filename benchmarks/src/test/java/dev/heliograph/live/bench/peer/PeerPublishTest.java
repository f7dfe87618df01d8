package dev.heliograph.live.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The peers' publish request and push")
class PeerPublishTest {

    @Test
    @DisplayName("reads channel and raw data and builds a push shaped like ours")
    void readsAndPushes() {
        PeerPublish p = PeerPublish.parse("{\"channel\":\"grafana/broadcast/load\",\"data\":{\"sent_ns\":12,\"seq\":3,\"pad\":\"x\"}}");
        assertThat(p.channel()).isEqualTo("grafana/broadcast/load");
        assertThat(p.data()).isEqualTo("{\"sent_ns\":12,\"seq\":3,\"pad\":\"x\"}");
        assertThat(p.push()).isEqualTo("{\"push\":{\"channel\":\"grafana/broadcast/load\",\"pub\":{\"data\":{\"sent_ns\":12,\"seq\":3,\"pad\":\"x\"}}}}");
    }

    @Test
    @DisplayName("refuses a body without channel or data, saying what it expects")
    void refusesOtherBodies() {
        assertThatThrownBy(() -> PeerPublish.parse("{\"data\":1}")).hasMessageContaining("expected");
        assertThatThrownBy(() -> PeerPublish.parse("hello")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("meets subscribers and publishers on the channel name without the org prefix")
    void dropsTheOrg() {
        assertThat(PeerPublish.subscribedChannel("{\"id\":2,\"subscribe\":{\"channel\":\"1/grafana/broadcast/load-7\"}}"))
                .isEqualTo("grafana/broadcast/load-7");
        assertThat(PeerPublish.subscribedChannel("{\"id\":1,\"connect\":{}}")).isNull();
        assertThat(PeerPublish.withoutOrg("/topic/x")).isEqualTo("/topic/x");
        assertThat(PeerPublish.withoutOrg("a1/b")).isEqualTo("a1/b");
    }
}
