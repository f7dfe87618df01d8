package dev.heliograph.live.bench.influx;

import java.nio.charset.StandardCharsets;

/**
 * The floor to beat: a naive line-protocol parse with {@code String.split} (no escapes, no
 * quoted strings, no validation beyond what {@code parseDouble}/{@code parseLong} do), producing
 * the same values. Only for the benchmark.
 */
final class NaiveSplitParser {
    private NaiveSplitParser() {
    }

    /** Returns a checksum of everything parsed so the JIT cannot drop the work. */
    static long parse(byte[] body) {
        long sum = 0;
        String text = new String(body, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(" ");
            String[] key = parts[0].split(",");
            sum += key[0].length();
            for (int i = 1; i < key.length; i++) {
                String[] tag = key[i].split("=");
                sum += tag[0].length() + tag[1].length();
            }
            for (String field : parts[1].split(",")) {
                String[] kv = field.split("=");
                String v = kv[1];
                char last = v.charAt(v.length() - 1);
                if (last == 'i' || last == 'u') {
                    sum += Long.parseLong(v.substring(0, v.length() - 1));
                } else {
                    sum += (long) Double.parseDouble(v);
                }
                sum += kv[0].length();
            }
            if (parts.length > 2) {
                sum += Long.parseLong(parts[2]);
            }
        }
        return sum;
    }
}
