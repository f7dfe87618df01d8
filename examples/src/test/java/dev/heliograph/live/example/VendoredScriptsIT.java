package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The libraries the demo page ships under {@code static/vendor/} are the npm packages' own files,
 * byte for byte: the official {@code centrifuge} browser build and uPlot, each with its licence.
 * The packages come from {@code npm ci} in {@code src/test/browser} (the versions its
 * package-lock pins); the centrifuge version is the one the interop test ({@code src/test/js})
 * drives too. To update: bump both package.json files, {@code npm install}, copy the files
 * named here. Needs node/npm only.
 */
@DisplayName("The page's vendored scripts are the npm packages' files")
class VendoredScriptsIT {
    private static final Path VENDOR = Path.of("src/main/resources/static/vendor").toAbsolutePath();
    private static final Path MODULES = ExternalTools.BROWSER_DIR.resolve("node_modules");

    @BeforeAll
    static void installPackages() throws Exception {
        ExternalTools.node();
        ExternalTools.installBrowserDependencies();
    }

    @Test
    @DisplayName("vendor/centrifuge is centrifuge's browser build and licence")
    void centrifuge() throws Exception {
        assertSameBytes(VENDOR.resolve("centrifuge/centrifuge.js"), MODULES.resolve("centrifuge/dist/centrifuge.js"));
        assertSameBytes(VENDOR.resolve("centrifuge/LICENSE"), MODULES.resolve("centrifuge/LICENSE"));
    }

    @Test
    @DisplayName("vendor/uplot is uPlot's browser build, style sheet and licence")
    void uplot() throws Exception {
        assertSameBytes(VENDOR.resolve("uplot/uPlot.iife.min.js"), MODULES.resolve("uplot/dist/uPlot.iife.min.js"));
        assertSameBytes(VENDOR.resolve("uplot/uPlot.min.css"), MODULES.resolve("uplot/dist/uPlot.min.css"));
        assertSameBytes(VENDOR.resolve("uplot/LICENSE"), MODULES.resolve("uplot/LICENSE"));
    }

    @Test
    @DisplayName("the page and the interop test pin the same centrifuge version")
    void oneCentrifugeVersion() throws Exception {
        String page = centrifugeVersion(ExternalTools.BROWSER_DIR.resolve("package.json"));
        String interop = centrifugeVersion(Path.of("src/test/js/package.json").toAbsolutePath());
        assertThat(page).as("centrifuge in src/test/browser/package.json").isEqualTo(interop);
        assertThat(Files.readString(MODULES.resolve("centrifuge/package.json")))
                .as("the installed centrifuge").contains("\"version\": \"" + page + "\"");
    }

    private static void assertSameBytes(Path vendored, Path fromNpm) throws Exception {
        assertThat(vendored).as("vendored file").isRegularFile();
        assertThat(fromNpm).as("npm package's file").isRegularFile();
        assertThat(Files.mismatch(vendored, fromNpm))
                .as("%s differs from %s (-1 means equal; this is the first differing byte)", vendored, fromNpm)
                .isEqualTo(-1L);
    }

    private static String centrifugeVersion(Path packageJson) throws Exception {
        Matcher m = Pattern.compile("\"centrifuge\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(packageJson));
        assertThat(m.find()).as("%s names a centrifuge version", packageJson).isTrue();
        return m.group(1);
    }
}
