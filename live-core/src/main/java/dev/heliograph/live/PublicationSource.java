package dev.heliograph.live;

/**
 * Where a publication entering the engine came from, for {@link LiveMetrics#publications}.
 * Counted once per publication the node hands to its engine (or, for {@link #STREAM}, to its
 * local subscribers), after the channel handler accepted it.
 */
public enum PublicationSource {
    /** A client's {@code publish} command over the WebSocket. */
    CLIENT,
    /** The HTTP API ({@code POST /api/live/publish}). */
    HTTP,
    /** Host code through {@link LiveNode#publishFromServer}. */
    SERVER,
    /** A frame pushed to a managed stream ({@link LiveNode#pushFrame}: the push endpoints). */
    PUSH,
    /** Output of a data-source stream handler (this node's subscribers only). */
    STREAM;

    /** The lower-case name used as a metric tag value. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
