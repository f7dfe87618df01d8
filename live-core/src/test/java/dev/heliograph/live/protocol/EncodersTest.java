package dev.heliograph.live.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.PresenceStats;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import dev.heliograph.live.json.RawJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The reply and push encoders")
class EncodersTest {

    private static final OrgChannel CHANNEL = OrgChannel.parseWire("1/grafana/broadcast/x");

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String text(OutboundFrame frame) {
        return text(frame.bytes());
    }

    @Test
    @DisplayName("write a publication push with its raw data and info")
    void publicationPush() {
        Publication p = Publication.of(CHANNEL, RawJson.parse("{\"hello\":\"world\"}"), ClientInfo.of("7", "c-9"));

        assertThat(text(PushEncoder.encode(p)))
                .isEqualTo("{\"push\":{\"channel\":\"1/grafana/broadcast/x\",\"pub\":{\"data\":{\"hello\":\"world\"},"
                        + "\"info\":{\"user\":\"7\",\"client\":\"c-9\"}}}}");
    }

    @Test
    @DisplayName("write a publication kept in history with its offset, after data and info")
    void positionedPublication() {
        Publication p = Publication.of(CHANNEL, RawJson.parse("1"), ClientInfo.of("7", "c-9"))
                .at(new StreamPosition(42, "e1"));

        assertThat(text(PushEncoder.encode(p)))
                .isEqualTo("{\"push\":{\"channel\":\"1/grafana/broadcast/x\",\"pub\":{\"data\":1,"
                        + "\"info\":{\"user\":\"7\",\"client\":\"c-9\"},\"offset\":42}}}");
    }

    @Test
    @DisplayName("the JSON push is encoded once per publication and shared by every subscriber")
    void encodedOncePerPublication() {
        Publication p = Publication.of(CHANNEL, RawJson.parse("[1]"));

        OutboundFrame first = p.encodeOnce(PushEncoder.JSON);

        assertThat(p.encodeOnce(PushEncoder.JSON)).isSameAs(first);
        assertThat(Publication.of(CHANNEL, RawJson.parse("[1]")).encodeOnce(PushEncoder.JSON)).isNotSameAs(first);
    }

    @Test
    @DisplayName("write a server publication without info")
    void serverPublication() {
        Publication p = Publication.of(CHANNEL, RawJson.parse("[1, 2]"));

        assertThat(text(PushEncoder.encode(p)))
                .isEqualTo("{\"push\":{\"channel\":\"1/grafana/broadcast/x\",\"pub\":{\"data\":[1, 2]}}}");
    }

    @Test
    @DisplayName("write join and leave pushes with conn_info and chan_info as raw JSON")
    void joinAndLeave() {
        ClientInfo info = new ClientInfo("u\"1", "c-1", RawJson.parse("{\"a\":1}"), RawJson.parse("\"x\""));

        assertThat(text(PushEncoder.encode(Publication.join(CHANNEL, info))))
                .isEqualTo("{\"push\":{\"channel\":\"1/grafana/broadcast/x\",\"join\":{\"info\":{\"user\":\"u\\\"1\","
                        + "\"client\":\"c-1\",\"conn_info\":{\"a\":1},\"chan_info\":\"x\"}}}}");
        assertThat(text(PushEncoder.encode(Publication.leave(CHANNEL, ClientInfo.of("1", "c-1")))))
                .isEqualTo("{\"push\":{\"channel\":\"1/grafana/broadcast/x\",\"leave\":{\"info\":{\"user\":\"1\",\"client\":\"c-1\"}}}}");
    }

    @Test
    @DisplayName("always write a result object, even an empty one")
    void emptyResult() {
        assertThat(text(ReplyEncoder.empty(2, Method.SUBSCRIBE))).isEqualTo("{\"id\":2,\"subscribe\":{}}");
        assertThat(text(ReplyEncoder.withData(3, Method.RPC, null))).isEqualTo("{\"id\":3,\"rpc\":{}}");
        assertThat(text(ReplyEncoder.empty(4, Method.PRESENCE_STATS))).isEqualTo("{\"id\":4,\"presence_stats\":{}}");
    }

    @Test
    @DisplayName("write the connect result the client reads")
    void connect() {
        assertThat(text(ReplyEncoder.connect(1, "c-1", "1.0.0", 25, 0)))
                .isEqualTo("{\"id\":1,\"connect\":{\"client\":\"c-1\",\"version\":\"1.0.0\",\"ping\":25,\"pong\":true}}");
    }

    @Test
    @DisplayName("write errors with code, escaped message and temporary only when set")
    void errors() {
        assertThat(text(ReplyEncoder.error(5, ReplyError.invalidChannel("channel 'a\"b' is bad"))))
                .isEqualTo("{\"id\":5,\"error\":{\"code\":400,\"message\":\"invalid channel: channel 'a\\\"b' is bad\"}}");
        assertThat(text(ReplyEncoder.error(6, ReplyError.INTERNAL)))
                .isEqualTo("{\"id\":6,\"error\":{\"code\":100,\"message\":\"internal server error\",\"temporary\":true}}");
    }

    @Test
    @DisplayName("write presence and presence stats results")
    void presence() throws Exception {
        Map<String, ClientInfo> present = new LinkedHashMap<>();
        present.put("c-1", ClientInfo.of("1", "c-1"));
        present.put("c-2", ClientInfo.of("2", "c-2"));

        String json = text(ReplyEncoder.presence(7, present));
        assertThat(json)
                .isEqualTo("{\"id\":7,\"presence\":{\"presence\":{\"c-1\":{\"user\":\"1\",\"client\":\"c-1\"},"
                        + "\"c-2\":{\"user\":\"2\",\"client\":\"c-2\"}}}}");
        assertThat(text(ReplyEncoder.presence(8, Map.of()))).isEqualTo("{\"id\":8,\"presence\":{\"presence\":{}}}");
        assertThat(text(ReplyEncoder.presenceStats(9, new PresenceStats(2, 1))))
                .isEqualTo("{\"id\":9,\"presence_stats\":{\"num_clients\":2,\"num_users\":1}}");
        new ObjectMapper().readTree(json); // valid JSON
    }

    @Test
    @DisplayName("write non-ASCII and control characters as valid JSON")
    void unicode() throws Exception {
        byte[] bytes = ReplyEncoder.error(1, new ReplyError(1000, "caf\u00e9 \u2603 \n\u0001", false));

        assertThat(new ObjectMapper().readTree(bytes).get("error").get("message").asText())
                .isEqualTo("caf\u00e9 \u2603 \n\u0001");
    }
}
