package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A way of encoding a {@link Publication} for the wire (Centrifuge JSON today, Protobuf next),
 * and the key of {@link Publication#encodeOnce}'s cache: every subscriber that speaks the same
 * format shares one encoding of a publication.
 *
 * <p>Create one constant per format, at class initialisation (at most {@value #MAX_FORMATS}
 * formats per JVM; each takes a slot in every publication's cache). The encoder must be
 * stateless and thread-safe; it runs on whichever thread first asks for the encoding.
 *
 * @param <T> what the encoding produces (the protocol layer's outbound frame)
 */
public final class WireFormat<T> {

    /** How many formats a JVM may define: the size of each publication's encode cache. */
    public static final int MAX_FORMATS = 4;

    private static final AtomicInteger SLOTS = new AtomicInteger();

    private final String name;
    private final Function<Publication, T> encoder;
    private final int slot;
    private final LongAdder encodes = new LongAdder();

    private WireFormat(String name, Function<Publication, T> encoder) {
        this.name = requireNonNull(name, "name");
        this.encoder = requireNonNull(encoder, "encoder");
        this.slot = SLOTS.getAndIncrement();
        if (slot >= MAX_FORMATS) {
            throw new IllegalStateException("at most " + MAX_FORMATS + " wire formats may be defined; " + name
                    + " would be number " + (slot + 1) + ": define each format once, as a constant");
        }
    }

    /** A new format; call once per format and keep the result in a constant. */
    public static <T> WireFormat<T> define(String name, Function<Publication, T> encoder) {
        return new WireFormat<>(name, encoder);
    }

    /** The format's name, for logs. */
    public String name() {
        return name;
    }

    int slot() {
        return slot;
    }

    T encode(Publication publication) {
        encodes.increment();
        return encoder.apply(publication);
    }

    /**
     * How many publications this format encoded in this JVM so far: with encode-once, one per
     * publication that reached at least one subscriber speaking it, whatever their number
     * (for tests and metrics).
     */
    public long encodes() {
        return encodes.sum();
    }

    @Override
    public String toString() {
        return "WireFormat[" + name + "]";
    }
}
