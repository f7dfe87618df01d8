package dev.heliograph.live.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heliograph.live.LiveNode;
import dev.heliograph.live.hub.kit.HubCompatibilityKit;
import dev.heliograph.live.influx.LineProtocolParser;
import dev.heliograph.live.jakarta.LiveServlets;
import dev.heliograph.live.jwt.JwtTokenVerifier;
import dev.heliograph.live.micrometer.LiveMeterBinder;
import dev.heliograph.live.redis.RedisHub;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The API perimeter: every public type (nested ones included) of each module's exported
 * packages, i.e. all but {@code dev.heliograph.live.internal.*}, compared with the checked-in
 * {@code public-api.txt}. A new public type fails this test until the list is updated on
 * purpose, so the surface a host sees cannot grow silently. On a mismatch the failure lists the
 * lines to add and to remove, and the whole actual list is written to
 * {@code target/public-api.actual.txt} (copy it over the checked-in file when the change is meant).
 */
@DisplayName("The public API")
class PublicApiTest {

    @Test
    @DisplayName("is exactly the checked-in list of public types per module")
    void matchesTheCheckedInList() throws Exception {
        List<String> actual = new ArrayList<>();
        for (Class<?> anchor : List.of(LiveNode.class, HubCompatibilityKit.class, LineProtocolParser.class, RedisHub.class,
                LiveServlets.class, JwtTokenVerifier.class, LiveMeterBinder.class)) {
            actual.addAll(publicTypes(anchor));
        }
        List<String> expected;
        try (InputStream in = Objects.requireNonNull(PublicApiTest.class.getResourceAsStream("/public-api.txt"))) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
        Files.writeString(Path.of("target", "public-api.actual.txt"), String.join("\n", actual) + "\n");
        assertThat(actual)
                .as("public types outside dev.heliograph.live.internal; update examples/src/test/resources/public-api.txt"
                        + " when a change of the API is meant (whole list: target/public-api.actual.txt)\n"
                        + difference(expected, actual))
                .containsExactlyElementsOf(expected);
    }

    /** The lines to add ({@code +}) and to remove ({@code -}) to turn {@code expected} into {@code actual}. */
    private static String difference(List<String> expected, List<String> actual) {
        StringBuilder diff = new StringBuilder();
        actual.stream().filter(line -> !expected.contains(line)).forEach(line -> diff.append("+ ").append(line).append('\n'));
        expected.stream().filter(line -> !actual.contains(line)).forEach(line -> diff.append("- ").append(line).append('\n'));
        return diff.length() == 0 ? "(same types, different order)" : diff.toString();
    }

    /** {@code <module jar>: <type>} for every public type in the jar (or classes directory) of {@code anchor}. */
    private static List<String> publicTypes(Class<?> anchor) throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        String module = moduleName(root);
        List<String> names;
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                names = files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                        .toList();
            }
        } else {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(root.toFile())) {
                names = jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
                        .map(n -> n.replace('/', '.').replaceAll("\\.class$", "")).toList();
            }
        }
        List<String> out = new ArrayList<>();
        for (String name : names.stream().sorted().toList()) {
            if (name.endsWith("package-info") || name.startsWith("dev.heliograph.live.internal.")) {
                continue;
            }
            Class<?> type = Class.forName(name, false, anchor.getClassLoader());
            if (isVisible(type)) {
                out.add(module + ": " + type.getName());
            }
        }
        return out;
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass() || t.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    /** live-core from {@code .../live-core/target/classes} or {@code live-core-<version>.jar}. */
    private static String moduleName(Path root) {
        for (Path p = root; p != null; p = p.getParent()) {
            String n = p.getFileName() == null ? "" : p.getFileName().toString();
            if (n.startsWith("live-")) {
                return n.replaceAll("-\\d.*\\.jar$", "");
            }
        }
        return root.toString();
    }
}
