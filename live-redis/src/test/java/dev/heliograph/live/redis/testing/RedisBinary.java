package dev.heliograph.live.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Finds a {@code redis-server} executable for tests: the one on {@code PATH}, else the Linux
 * binary bundled in the {@code embedded-redis} test dependency, extracted once per JVM.
 */
public final class RedisBinary {
    private static final String BUNDLED = "/redis-server-6.2.6-v5-linux-amd64";
    private static Path cached;

    private RedisBinary() {}

    public static synchronized Path find() {
        if (cached == null) {
            cached = onPath();
            if (cached == null) {
                cached = extractBundled();
            }
        }
        return cached;
    }

    private static Path onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Path extractBundled() {
        try (InputStream in = RedisBinary.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on PATH and no " + BUNDLED
                        + " in the embedded-redis test dependency: install redis-server (apt-get install redis-server)");
            }
            Path file = Files.createTempFile("redis-server-", "");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().setExecutable(true);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled redis-server", e);
        }
    }
}
