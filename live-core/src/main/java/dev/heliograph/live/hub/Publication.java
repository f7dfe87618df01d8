package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import java.util.function.Function;

/**
 * One message for the subscribers of a channel: a publication, or a join/leave notice. Created
 * once per message per node and handed to every local {@link Subscriber} of the channel, so a
 * transport can encode it once and share the bytes ({@link #encodeOnce}).
 *
 * <p>Immutable apart from the encode memo; safe to share between threads.
 */
public final class Publication {

    /** What the message announces. */
    public enum Kind {
        /** Data published to the channel ({@link #data()} is set). */
        PUBLICATION,
        /** A client subscribed ({@link #info()} is set, no data). */
        JOIN,
        /** A client unsubscribed ({@link #info()} is set, no data). */
        LEAVE
    }

    private final OrgChannel channel;
    private final Kind kind;
    private final RawJson data;
    private final ClientInfo info;
    private volatile Object encoded;

    private Publication(OrgChannel channel, Kind kind, RawJson data, ClientInfo info) {
        this.channel = requireNonNull(channel, "channel");
        this.kind = requireNonNull(kind, "kind");
        this.data = data;
        this.info = info;
    }

    /** Data for {@code channel}, from {@code info} (null for server-side publishes). */
    public static Publication of(OrgChannel channel, RawJson data, ClientInfo info) {
        return new Publication(channel, Kind.PUBLICATION, requireNonNull(data, "data"), info);
    }

    /** Data for {@code channel} published by the server. */
    public static Publication of(OrgChannel channel, RawJson data) {
        return of(channel, data, null);
    }

    public static Publication join(OrgChannel channel, ClientInfo info) {
        return new Publication(channel, Kind.JOIN, null, requireNonNull(info, "info"));
    }

    public static Publication leave(OrgChannel channel, ClientInfo info) {
        return new Publication(channel, Kind.LEAVE, null, requireNonNull(info, "info"));
    }

    public OrgChannel channel() {
        return channel;
    }

    public Kind kind() {
        return kind;
    }

    /** The data of a {@link Kind#PUBLICATION}; null for join and leave. */
    public RawJson data() {
        return data;
    }

    /** The sender (publications from clients), or the client joining/leaving; may be null. */
    public ClientInfo info() {
        return info;
    }

    /**
     * Returns {@code encoder.apply(this)}, computing it only for the first caller: every
     * subscriber of this publication on this node shares the result. All callers must pass
     * the same (stateless) encoder; the library's protocol layer is the only one that does.
     */
    @SuppressWarnings("unchecked")
    public <T> T encodeOnce(Function<Publication, T> encoder) {
        Object e = encoded;
        if (e == null) {
            e = encoder.apply(this);
            encoded = e;
        }
        return (T) e;
    }

    @Override
    public String toString() {
        return kind + " " + channel + (data != null ? " " + data : "") + (info != null ? " from " + info.client() : "");
    }
}
