package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@link Hub#history} answers: the publications read, each with its {@link
 * Publication#position()}, and the stream's current top (offset of the newest publication ever
 * added in this epoch, 0 for a stream with none; a new random epoch for a channel without a
 * stream). Immutable.
 */
public record HistoryResult(List<Publication> publications, StreamPosition top) {
    public HistoryResult {
        publications = List.copyOf(requireNonNull(publications, "publications"));
        requireNonNull(top, "top");
    }
}
