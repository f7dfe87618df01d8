package dev.heliograph.live.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NameCacheTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("returns the same instance for the same bytes, short or long, at any offset")
    void reusesInstances() {
        NameCache cache = new NameCache(64);
        for (String name : new String[] {"cpu", "usage_guest_nice", "available_percent", "exactly8", "x"}) {
            String first = cache.get(b(name), 0, name.length());
            byte[] shifted = b("##" + name + "##");
            assertThat(cache.get(shifted, 2, name.length())).isEqualTo(name).isSameAs(first);
        }
    }

    @Test
    @DisplayName("never confuses names that share a slot and a hash but differ in any byte")
    void comparesBytesNotJustHashes() {
        NameCache cache = new NameCache(1);
        String[] names = {"usage_guest_nice", "usage_guest_nicf", "Usage_guest_nice", "usage_gue5t_nice",
            "abcdefgh", "abcdefgi", "abc", "abd", "abcdefghijklmnopq", "abcdefghijklmnopr"};
        for (int round = 0; round < 2; round++) {
            for (String name : names) {
                byte[] bytes = b(name);
                // the same forced hash for all: only the byte comparison tells them apart
                assertThat(cache.get(bytes, 0, bytes.length, 7)).isEqualTo(name);
            }
        }
    }

    @Test
    @DisplayName("decodes UTF-8 and leaves names over 64 bytes uncached but correct")
    void utf8AndLongNames() {
        NameCache cache = new NameCache(16);
        String emoji = "temp\u00e9\ud83c\udf6d";
        assertThat(cache.get(b(emoji), 0, b(emoji).length)).isEqualTo(emoji);
        String longName = "n".repeat(100);
        assertThat(cache.get(b(longName), 0, 100)).isEqualTo(longName);
    }
}
