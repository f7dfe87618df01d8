package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.json.RawJson;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * One message for the subscribers of a channel: a publication, or a join/leave notice. Created
 * once per message per node and handed to every local {@link Subscriber} of the channel, so a
 * transport can encode it once per {@link WireFormat} and share the bytes ({@link #encodeOnce}).
 * A publication kept in its channel's history carries its {@link #position()} (offset and
 * epoch); others have none.
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

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle ENCODED;

    static {
        try {
            ENCODED = MethodHandles.lookup().findVarHandle(Publication.class, "encoded", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final OrgChannel channel;
    private final Kind kind;
    private final @Nullable RawJson data;
    private final @Nullable ClientInfo info;
    private final @Nullable StreamPosition position;
    private volatile Object @Nullable [] encoded;
    /** How many local subscribers the fan-out hands this to; 0 until it is dispatched. */
    private int fanOut;

    private Publication(OrgChannel channel, Kind kind, @Nullable RawJson data, @Nullable ClientInfo info, @Nullable StreamPosition position) {
        this.channel = requireNonNull(channel, "channel");
        this.kind = requireNonNull(kind, "kind");
        this.data = data;
        this.info = info;
        this.position = position;
    }

    private Publication(OrgChannel channel, Kind kind, @Nullable RawJson data, @Nullable ClientInfo info) {
        this(channel, kind, data, info, null);
    }

    /** Data for {@code channel}, from {@code info} (null for server-side publishes). */
    public static Publication of(OrgChannel channel, RawJson data, @Nullable ClientInfo info) {
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
    public @Nullable RawJson data() {
        return data;
    }

    /** The sender (publications from clients), or the client joining/leaving; may be null. */
    public @Nullable ClientInfo info() {
        return info;
    }

    /** Where the publication is in its channel's history; null when it is not kept there. */
    public @Nullable StreamPosition position() {
        return position;
    }

    /**
     * This publication at {@code position} in its channel's history: what an engine delivers
     * and returns from history once it assigned the offset. A {@link Kind#PUBLICATION} only.
     */
    public Publication at(StreamPosition position) {
        requireNonNull(position, "position");
        if (kind != Kind.PUBLICATION) {
            throw new IllegalStateException("only publications get a history position, not " + kind);
        }
        return new Publication(channel, kind, data, info, position);
    }

    /**
     * How many local subscribers the node's fan-out hands this publication to, as counted when
     * it was dispatched (0 for one that was not, e.g. a history replay): a hint for encoders and
     * transports, which keep a copy of a widely shared frame where a socket writes it cheapest.
     * Read by subscribers during delivery; set before, on the dispatching thread.
     */
    public int fanOut() {
        return fanOut;
    }

    /** Called by {@link LocalFanOut} before it delivers this publication to {@code subscribers}. */
    void fanOutTo(int subscribers) {
        fanOut = subscribers;
    }

    /**
     * Returns this publication encoded in {@code format}, computing it for the first caller only:
     * every subscriber of this publication on this node that speaks the format shares the result.
     * Two threads asking at the same moment (the lanes of a parallel fan-out) may both encode;
     * the first result stored is kept and returned to both, so every subscriber shares one.
     */
    @SuppressWarnings("unchecked")
    public <T> T encodeOnce(WireFormat<T> format) {
        Object[] cache = encoded;
        if (cache == null) {
            Object[] fresh = new Object[WireFormat.MAX_FORMATS];
            Object[] witness = (Object[]) ENCODED.compareAndExchange(this, (Object[]) null, fresh);
            cache = witness == null ? fresh : witness;
        }
        int slot = format.slot();
        Object e = SLOT.getAcquire(cache, slot);
        if (e == null) {
            Object mine = format.encode(this);
            Object witness = SLOT.compareAndExchange(cache, slot, (Object) null, mine);
            e = witness == null ? mine : witness;
        }
        return (T) e;
    }

    @Override
    public String toString() {
        return kind + " " + channel + (data != null ? " " + data : "") + (info != null ? " from " + info.client() : "")
                + (position != null ? " at " + position.offset() + "/" + position.epoch() : "");
    }
}
