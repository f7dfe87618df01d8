package dev.heliograph.live.bench.storm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the server's captured output after a scenario: counts every exception or error class
 * name it mentions, and picks out those that mean the server broke rather than a client left
 * (a stack overflow, running out of memory, a data structure corrupted by concurrent use, an
 * exception that escaped a thread). Broken pipes, resets and closed channels are what abrupt
 * clients cause, and are only counted.
 *
 * <p>Stateless.
 */
final class ServerLog {
    /** Class names (simple names) whose appearance fails a scenario. */
    static final List<String> FATAL = List.of("StackOverflowError", "OutOfMemoryError",
            "ConcurrentModificationException", "ArrayIndexOutOfBoundsException", "NullPointerException",
            "IllegalMonitorStateException", "ClassCastException", "InternalError");

    /** Other markers that fail a scenario: an exception no one caught, a JVM crash. */
    static final List<String> FATAL_LINES = List.of("Exception in thread \"", "# A fatal error has been detected");

    private static final Pattern THROWABLE = Pattern.compile("\\b(?:[a-z][\\w$]*\\.)*([A-Z][\\w$]*(?:Exception|Error))\\b");

    private ServerLog() {}

    /** {@link #throwables(String)} over a log file, line by line (a cascade can log gigabytes). */
    static Map<String, Integer> throwables(Path log) {
        Map<String, Integer> counts = new TreeMap<>();
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = reader.readLine()) != null) {
                throwables(line).forEach((name, count) -> counts.merge(name, count, Integer::sum));
            }
        } catch (IOException e) {
            counts.merge("(log unreadable: " + e.getMessage() + ")", 1, Integer::sum);
        }
        return counts;
    }

    /** Counts of every throwable simple name mentioned in {@code text}, plus the fatal line markers. */
    static Map<String, Integer> throwables(String text) {
        Map<String, Integer> counts = new TreeMap<>();
        Matcher m = THROWABLE.matcher(text);
        while (m.find()) {
            counts.merge(m.group(1), 1, Integer::sum);
        }
        for (String marker : FATAL_LINES) {
            int from = 0;
            int at;
            while ((at = text.indexOf(marker, from)) >= 0) {
                counts.merge(marker.replace("\"", "").trim(), 1, Integer::sum);
                from = at + marker.length();
            }
        }
        return counts;
    }

    /** The entries of {@code counts} that fail a scenario. */
    static Map<String, Integer> fatal(Map<String, Integer> counts) {
        Map<String, Integer> fatal = new TreeMap<>();
        counts.forEach((name, count) -> {
            if (FATAL.contains(name) || FATAL_LINES.stream().anyMatch(m -> m.replace("\"", "").trim().equals(name))) {
                fatal.put(name, count);
            }
        });
        return fatal;
    }

    /** The last {@code lines} lines of the log (read from its last 64 KiB at most). */
    static String tail(Path log, int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - 64 * 1024);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.ISO_8859_1).split("\n");
            StringBuilder text = new StringBuilder();
            for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
                text.append(all[i]).append('\n');
            }
            return text.toString();
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
