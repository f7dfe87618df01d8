package dev.heliograph.live.influx;

import java.util.List;

/**
 * The outcome of one {@link LineProtocolParser#parse} call.
 *
 * @param points how many points were delivered to the handler
 * @param errors the bad lines that were skipped, in input order (always empty in
 *               {@link ParseMode#STRICT} mode, which throws instead)
 */
public record ParseReport(int points, List<LineProtocolException> errors) {
    public ParseReport {
        errors = List.copyOf(errors);
    }

    /** True when no line was rejected. */
    public boolean ok() {
        return errors.isEmpty();
    }
}
