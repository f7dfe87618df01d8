package dev.heliograph.live.bench.fanout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@link FanoutClient} process seen from {@link FanoutRun}: started with its share of the
 * connections, its stdout read by a daemon thread ({@code PROGRESS} lines update
 * {@link #deliveries()}, the rest are queued for {@link #nextLine}), commands written to its stdin.
 *
 * <p>Used by the coordinator's main thread; the reader thread only publishes through volatile
 * fields and the queue.
 */
final class ClientProcess implements AutoCloseable {
    private final Process process;
    private final PrintStream in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile long deliveries;

    ClientProcess(List<String> javaCommand, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(javaCommand);
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readLines, "fanout-client-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("PROGRESS ")) {
                    deliveries = Long.parseLong(line.substring(9).trim());
                } else {
                    lines.add(line);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended
        }
        lines.add("EXITED");
    }

    void command(String command) {
        in.println(command);
        in.flush();
        if (command.equals("RESET")) {
            deliveries = 0;
        }
    }

    long deliveries() {
        return deliveries;
    }

    /** The next line that is not {@code PROGRESS}; null after {@code seconds}. */
    String nextLine(long seconds) throws InterruptedException {
        return lines.poll(seconds, TimeUnit.SECONDS);
    }

    /** The lines of one {@code REPORT} answer, up to {@code END}. */
    List<String> report() throws InterruptedException {
        command("REPORT");
        List<String> answer = new ArrayList<>();
        for (String line; (line = nextLine(60)) != null; ) {
            if (line.equals("END") || line.equals("EXITED")) {
                break;
            }
            answer.add(line);
        }
        return answer;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            command("QUIT");
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
    }
}
