package dev.heliograph.live.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.redis.RedisAddress.Endpoint;
import dev.heliograph.live.redis.RedisAddress.Sentinel;
import dev.heliograph.live.redis.RedisAddress.Standalone;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RedisAddress parses ha_engine_address")
class RedisAddressTest {

    @Test
    @DisplayName("Grafana's host:port form, and a bare host on port 6379")
    void hostPort() {
        assertThat(RedisAddress.parse("127.0.0.1:6380"))
                .isEqualTo(new Standalone(new Endpoint("127.0.0.1", 6380), false, null, null, 0));
        assertThat(RedisAddress.parse("redis.internal"))
                .isEqualTo(new Standalone(new Endpoint("redis.internal", 6379), false, null, null, 0));
        assertThat(RedisAddress.parse("[::1]:7000"))
                .isEqualTo(new Standalone(new Endpoint("::1", 7000), false, null, null, 0));
    }

    @Test
    @DisplayName("redis:// and rediss:// URLs with password, user and database")
    void urls() {
        assertThat(RedisAddress.parse("redis://:s%40cret@10.0.0.5:6390/3"))
                .isEqualTo(new Standalone(new Endpoint("10.0.0.5", 6390), false, null, "s@cret", 3));
        assertThat(RedisAddress.parse("rediss://app:pw@cache.example.com"))
                .isEqualTo(new Standalone(new Endpoint("cache.example.com", 6379), true, "app", "pw", 0));
    }

    @Test
    @DisplayName("sentinel:// lists the sentinels (default port 26379), the master name and the database")
    void sentinel() {
        assertThat(RedisAddress.parse("sentinel://:pw@s1:26380,s2/mymaster/2")).isEqualTo(new Sentinel(
                List.of(new Endpoint("s1", 26380), new Endpoint("s2", 26379)), "mymaster", null, "pw", 2));
    }

    @Test
    @DisplayName("the password never shows in toString, and a password setting only fills a missing one")
    void passwordsHidden() {
        RedisAddress a = RedisAddress.parse("redis://:topsecret@h:1");
        assertThat(a.toString()).doesNotContain("topsecret").contains(":***@");
        assertThat(a.withPassword("other").password()).isEqualTo("topsecret");
        assertThat(RedisAddress.parse("h:1").withPassword("given").password()).isEqualTo("given");
    }

    @ParameterizedTest(name = "''{0}'' is refused because {1}")
    @CsvSource(delimiter = '|', value = {
        "''|it is empty",
        "h:port|port 'port' is not a number",
        "h:70000|port 70000 is outside 1-65535",
        "::1:6379|write IPv6 hosts in brackets",
        "http://h:1|scheme 'http' is not one of redis, rediss, sentinel",
        "redis://h:1/x|database 'x' is not a number",
        "sentinel://s1:26379|needs the master name",
        "redis://:pw@:6379|the host is missing"
    })
    void invalid(String address, String why) {
        assertThatThrownBy(() -> RedisAddress.parse(address))
                .isInstanceOf(RedisConfigException.class)
                .hasMessageContaining(why)
                .hasMessageContaining("sentinel://host1:26379")
                .hasMessageNotContaining(":pw@");
    }

    @Test
    @DisplayName("a prefix with a space or a slash is refused, naming the character")
    void prefix() {
        assertThatThrownBy(() -> RedisHub.builder().prefix("my app"))
                .isInstanceOf(RedisConfigException.class).hasMessageContaining("' '").hasMessageContaining("my app");
        assertThat(RedisHub.builder().prefix("prod-1.eu:a")).isNotNull();
    }
}
