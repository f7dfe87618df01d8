package dev.heliograph.live.frame;

import dev.heliograph.live.LiveException;

/**
 * Thrown by {@link FrameJson#decode} for JSON that is not a valid frame. The message names the
 * place in the JSON ({@link #path()}, such as {@code schema.fields[1].typeInfo.frame} or
 * {@code data.values[2][17]}), what was found there and what was expected.
 */
public final class FrameJsonException extends LiveException {
    private static final long serialVersionUID = 1L;

    private final String path;

    FrameJsonException(String path, String problem) {
        super("invalid frame JSON at " + path + ": " + problem);
        this.path = path;
    }

    FrameJsonException(String path, String problem, Throwable cause) {
        super("invalid frame JSON at " + path + ": " + problem, cause);
        this.path = path;
    }

    /** Where in the JSON the problem is, as a dotted path with array indexes ({@code $} for the root). */
    public String path() {
        return path;
    }
}
