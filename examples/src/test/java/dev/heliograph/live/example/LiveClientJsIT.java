package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo page's own protocol client ({@code static/js/live-client.js}) under Node's test
 * runner ({@code src/test/browser/live-client.test.js}): framing, pong answers, reconnect and
 * resubscribe rules, terminal close codes, subscribe errors. Needs node only.
 */
@DisplayName("The page's protocol client and frame reader (JavaScript)")
class LiveClientJsIT {

    @Test
    @DisplayName("passes its unit tests under node --test")
    void passesItsUnitTests() throws Exception {
        Path node = ExternalTools.node();
        ExternalTools.Run run = ExternalTools.run(List.of(node.toString(), "--test", "live-client.test.js", "frames.test.js"),
                ExternalTools.BROWSER_DIR, Map.of(), Duration.ofMinutes(2),
                ExternalTools.ARTIFACTS.resolve("live-client-test.log"));

        assertThat(run.exitCode()).as("node --test output:%n%s", run.output()).isZero();
        assertThat(run.lines()).as("node --test output:%n%s", run.output())
                .contains("# fail 0")
                .anyMatch(l -> l.matches("# pass ([1-9][0-9]*)"));
    }
}
