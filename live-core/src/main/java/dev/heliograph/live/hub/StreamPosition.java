package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

/**
 * A place in a channel's history stream: the offset of a publication (1 for the first one of an
 * epoch, then increasing by 1) within an epoch, a string that changes whenever the engine lost
 * the stream (in-memory engine restarted, stream expired, Redis lost the key). Two positions are
 * comparable only when their epochs are equal.
 *
 * <p>Immutable. {@code offset} 0 means "before the first publication" (a stream top of an empty
 * stream).
 *
 * @param offset the publication's offset, or the stream's top offset; never negative
 * @param epoch  the stream's epoch; never null, may be empty only for a stream that never existed
 */
public record StreamPosition(long offset, String epoch) {
    public StreamPosition {
        requireNonNull(epoch, "epoch");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
    }

    /** Whether {@code other} is in the same epoch as this one. */
    public boolean sameEpoch(StreamPosition other) {
        return other != null && epoch.equals(other.epoch);
    }
}
