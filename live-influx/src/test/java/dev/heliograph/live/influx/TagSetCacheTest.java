package dev.heliograph.live.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TagSetCacheTest {
    private static List<String> valuesFor(String body, TagSetCache<String> cache) {
        List<String> out = new ArrayList<>();
        LineProtocolParser.strict().parse(body.getBytes(StandardCharsets.UTF_8), p -> out.add(cache.get(p)));
        return out;
    }

    private static String describe(LinePoint p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.tagCount(); i++) {
            sb.append(p.tagKey(i)).append('=').append(p.tagValue(i)).append(';');
        }
        return sb.toString();
    }

    @Test
    @DisplayName("makes each repeated tag set's value once and gives it back for every line with those tags")
    void makesOncePerTagSet() {
        AtomicInteger made = new AtomicInteger();
        TagSetCache<String> cache = new TagSetCache<>(p -> {
            made.incrementAndGet();
            return describe(p);
        });
        StringBuilder body = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int cpu = 0; cpu < 100; cpu++) {
                body.append("cpu,cpu=cpu").append(cpu).append(",host=h v=1\n");
                expected.add("cpu=cpu" + cpu + ";host=h;");
            }
            body.append("mem v=1\n");
            expected.add("");
        }
        assertThat(valuesFor(body.toString(), cache)).isEqualTo(expected);
        assertThat(made.get()).isEqualTo(101);
    }

    @Test
    @DisplayName("stays right when a body holds more tag sets than it keeps")
    void rightBeyondCapacity() {
        TagSetCache<String> cache = new TagSetCache<>(TagSetCacheTest::describe);
        StringBuilder body = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int host = 0; host < 1000; host++) {
                body.append("m,host=h").append(host).append(",k=").append(host % 7).append(" v=1\n");
                expected.add("host=h" + host + ";k=" + host % 7 + ";");
            }
        }
        assertThat(valuesFor(body.toString(), cache)).isEqualTo(expected);
    }
}
