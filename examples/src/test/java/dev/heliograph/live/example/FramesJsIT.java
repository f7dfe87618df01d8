package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo page's frame reader ({@code static/js/frames.js}, which turns a stream's data frames
 * into the chart's series) under Node's test runner ({@code src/test/browser/frames.test.js}).
 * Needs node only.
 */
@DisplayName("The page's frame reader (JavaScript)")
class FramesJsIT {

    @Test
    @DisplayName("passes its unit tests under node --test")
    void passesItsUnitTests() throws Exception {
        Path node = ExternalTools.node();
        ExternalTools.Run run = ExternalTools.run(List.of(node.toString(), "--test", "frames.test.js"),
                ExternalTools.BROWSER_DIR, Map.of(), Duration.ofMinutes(2),
                ExternalTools.ARTIFACTS.resolve("frames-test.log"));

        assertThat(run.exitCode()).as("node --test output:%n%s", run.output()).isZero();
        assertThat(run.lines()).as("node --test output:%n%s", run.output())
                .contains("# fail 0")
                .anyMatch(l -> l.matches("# pass ([1-9][0-9]*)"));
    }
}
