package dev.heliograph.live.bench.load;

/**
 * The JSON data of one load publication, {@code {"sent_ns":<System.nanoTime()>,"seq":<n>,"pad":"xx.."}},
 * and a fast reader for its timestamp. Publisher and subscribers live in the same JVM, so
 * {@code receive nanoTime - sent_ns} is the publish-to-receive latency.
 *
 * <p>Stateless; called from the publishing thread and from every client reader thread.
 */
final class Payload {
    static final String SENT_KEY = "\"sent_ns\":";

    private Payload() {}

    /** The publication's JSON with the given sequence number, timestamp and padding length. */
    static String json(long seq, long sentNanos, String padding) {
        return "{\"sent_ns\":" + sentNanos + ",\"seq\":" + seq + ",\"pad\":\"" + padding + "\"}";
    }

    /** A padding string of {@code bytes} ASCII letters. */
    static String padding(int bytes) {
        return "x".repeat(bytes);
    }

    /**
     * Reads the {@code sent_ns} number in {@code text} at or after {@code from} and before {@code to}.
     *
     * @return the timestamp, or {@link Long#MIN_VALUE} when the key or a number is missing
     */
    static long sentNanos(String text, int from, int to) {
        int key = text.indexOf(SENT_KEY, from);
        if (key < 0 || key >= to) {
            return Long.MIN_VALUE;
        }
        int i = key + SENT_KEY.length();
        boolean negative = i < to && text.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < to) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || digits == 19) {
                break;
            }
            value = value * 10 + (c - '0');
            digits++;
            i++;
        }
        if (digits == 0) {
            return Long.MIN_VALUE;
        }
        return negative ? -value : value;
    }
}
