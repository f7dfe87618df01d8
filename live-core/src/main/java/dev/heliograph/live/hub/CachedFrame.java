package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.json.RawJson;

/**
 * The last frame pushed to a managed stream channel, as the frame cache keeps it.
 *
 * @param schema    the schema-only JSON ({@code {"schema":...}}); compared byte for byte
 * @param fullFrame the full frame JSON ({@code {"schema":...,"data":...}}), given to new
 *                  subscribers as initial data
 */
public record CachedFrame(RawJson schema, RawJson fullFrame) {
    public CachedFrame {
        requireNonNull(schema, "schema");
        requireNonNull(fullFrame, "fullFrame");
    }
}
