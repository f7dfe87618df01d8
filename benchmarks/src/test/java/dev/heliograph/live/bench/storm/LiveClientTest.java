package dev.heliograph.live.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The storm's protocol client")
class LiveClientTest {
    private final ClientLoop loop = new ClientLoop("test-loop");
    private final WsSocket unconnected = new WsSocket(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 9),
            null, "/", null, 0, null);

    @AfterEach
    void stop() {
        loop.close();
    }

    @Test
    @DisplayName("is ready after the connect and subscribe replies, and keeps the client id the server gave")
    void becomesReady() {
        LiveClient client = new LiveClient("1/grafana/broadcast/x", LiveClient.QUIET);
        feed(client, "{\"id\":1,\"connect\":{\"client\":\"abc-1\",\"version\":\"\",\"ping\":25,\"pong\":true}}");
        assertThat(client.ready()).isNotDone();
        feed(client, "{\"id\":2,\"subscribe\":{}}");
        assertThat(client.ready()).isCompleted();
        assertThat(client.clientId()).isEqualTo("abc-1");
    }

    @Test
    @DisplayName("fails to become ready when the subscribe is refused, saying why")
    void reportsARefusedSubscribe() {
        LiveClient client = new LiveClient("1/grafana/broadcast/x", LiveClient.QUIET);
        feed(client, "{\"id\":1,\"connect\":{\"client\":\"abc-1\"}}\n{\"id\":2,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
        assertThat(client.ready()).failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("permission denied");
    }

    @Test
    @DisplayName("sorts the pushes of one frame into publications, joins and leaves, naming who left")
    void sortsPushes() {
        List<String> publications = new ArrayList<>();
        List<String> left = new ArrayList<>();
        LiveClient client = new LiveClient("1/grafana/broadcast/x", new LiveClient.Listener() {
            @Override
            public void publication(LiveClient c, byte[] data, int offset, int length) {
                publications.add(new String(data, offset, length, StandardCharsets.UTF_8));
            }

            @Override
            public void leave(LiveClient c, String id) {
                left.add(id);
            }
        });
        String join = "{\"push\":{\"channel\":\"1/grafana/broadcast/x\",\"join\":{\"info\":{\"user\":\"1\",\"client\":\"j1\"}}}}";
        String pub = "{\"push\":{\"channel\":\"1/grafana/broadcast/x\",\"pub\":{\"data\":{\"s\":\"canary\",\"seq\":7}}}}";
        String leave = "{\"push\":{\"channel\":\"1/grafana/broadcast/x\",\"leave\":{\"info\":{\"user\":\"1\",\"client\":\"l9\"}}}}";
        feed(client, join + "\n" + pub + "\n" + leave + "\n" + join);
        assertThat(client.joins()).isEqualTo(2);
        assertThat(client.leaves()).isEqualTo(1);
        assertThat(client.publications()).isEqualTo(1);
        assertThat(publications).containsExactly(pub);
        assertThat(left).containsExactly("l9");
    }

    @Test
    @DisplayName("counts a {} line as a ping, and answers to unknown ids as other replies")
    void countsPingsAndOtherReplies() {
        LiveClient client = new LiveClient(null, LiveClient.QUIET);
        feed(client, "{}\n{\"id\":500,\"publish\":{}}\n{\"id\":501,\"error\":{\"code\":100}}");
        assertThat(client.pings()).isEqualTo(1);
        assertThat(client.otherReplies()).isEqualTo(2);
        assertThat(client.errorReplies()).isEqualTo(1);
    }

    @Test
    @DisplayName("reads numbers and strings after a key, negative numbers included")
    void readsValues() {
        byte[] line = "{\"s\":\"canary\",\"seq\":42,\"sent_ns\":-1234567890123,\"client\":\"id-9\"}"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(LiveClient.numberAfter(line, 0, line.length, "\"seq\":".getBytes(StandardCharsets.US_ASCII))).isEqualTo(42);
        assertThat(LiveClient.numberAfter(line, 0, line.length, "\"sent_ns\":".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(-1234567890123L);
        assertThat(LiveClient.numberAfter(line, 0, line.length, "\"nope\":".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(LiveClient.stringAfter(line, 0, line.length, "\"client\":\"".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("id-9");
    }

    private void feed(LiveClient client, String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        client.onText(unconnected, bytes, 0, bytes.length);
    }
}
