package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.hub.Publication;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The content of one WebSocket frame: for JSON a text frame, one protocol message or several
 * joined with {@code \n}, as UTF-8 bytes, plus the same text as a {@code String} decoded at most
 * once; for Protobuf a binary frame, one or more length-delimited messages ({@link #payload()};
 * its {@link #text()} is never asked for).
 *
 * <p>A push is encoded once per publication per node into one frame that every subscribed
 * session queues and, when it goes out alone, hands to its {@link Transport} as is: a transport
 * that must send a {@code String} (the Jakarta API) calls {@link #text()} and all sessions get
 * the same instance, decoded by the first that asked; a transport that sends bytes never pays
 * for the decode. Frames that join several messages are built per session by its queue.
 *
 * <p>Created by the protocol layer ({@link #ofText} exists for tests of transports). Immutable
 * apart from the memoized text; safe to share between threads.
 */
public final class OutboundFrame {

    private final byte[] utf8;
    private final boolean advisory;
    @SuppressWarnings("unused") // read and written through TEXT
    private volatile @Nullable String text;
    private volatile @Nullable ByteBuffer readOnly; // the read-only view payload() duplicates, made on first use
    private final boolean wide;
    private volatile @Nullable ByteBuffer offHeap; // the read-only view offHeap() duplicates, made on first use

    /** Wraps {@code utf8}, which nobody may write to afterwards. */
    OutboundFrame(byte[] utf8) {
        this(utf8, false);
    }

    /**
     * Wraps {@code utf8}; an {@code advisory} frame (a join or leave push) may be dropped by a
     * queue that is backed up, so that it never costs a client its connection or delays its
     * publications.
     */
    OutboundFrame(byte[] utf8, boolean advisory) {
        this(utf8, advisory, false);
    }

    /**
     * Wraps {@code utf8}; a {@code wide} frame goes to many connections (a publication with many
     * local subscribers, the ping), so a transport may keep an {@link #offHeap()} copy of it.
     */
    OutboundFrame(byte[] utf8, boolean advisory, boolean wide) {
        this.utf8 = utf8;
        this.advisory = advisory;
        this.wide = wide;
    }

    /** The number of local subscribers from which a publication's push frame is {@link #wide()}. */
    static final int WIDE_FAN_OUT = 16;

    /** A frame for {@code publication}: wide when the fan-out hands it to many local subscribers. */
    static OutboundFrame push(byte[] bytes, Publication publication, boolean advisory) {
        return new OutboundFrame(bytes, advisory, publication.fanOut() >= WIDE_FAN_OUT);
    }

    /** Whether a backed-up queue may drop this frame (join/leave pushes). */
    boolean advisory() {
        return advisory;
    }

    /**
     * A frame holding {@code text} (one message, or several joined with {@code \n}), encoded to
     * UTF-8 now and decoded again only if {@link #text()} is called: for tests of a
     * {@link Transport}; sessions build their frames themselves.
     */
    public static OutboundFrame ofText(String text) {
        return new OutboundFrame(requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Like {@link #ofText} but {@link #wide()}: a frame meant for many connections (for tests of
     * a {@link Transport}; sessions mark their own pushes).
     */
    public static OutboundFrame ofWideText(String text) {
        return new OutboundFrame(requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8), false, true);
    }

    /**
     * The frame as text. Decoded on the first call; every later call, from any thread, returns
     * the same instance.
     */
    public String text() {
        String t = text;
        if (t != null) {
            return t;
        }
        String decoded = new String(utf8, StandardCharsets.UTF_8);
        String won = (String) TEXT.compareAndExchange(this, null, decoded);
        return won == null ? decoded : won;
    }

    /** A read-only view of the frame's UTF-8 bytes, positioned at 0; the view is the caller's. */
    public ByteBuffer utf8() {
        return ByteBuffer.wrap(utf8).asReadOnlyBuffer();
    }

    /** A read-only view of the frame's bytes (binary frames), positioned at 0; the view is the caller's. */
    public ByteBuffer payload() {
        ByteBuffer shared = readOnly;
        if (shared == null) {
            shared = ByteBuffer.wrap(utf8).asReadOnlyBuffer();
            readOnly = shared; // two racing callers make equal views; either is kept
        }
        return shared.duplicate(); // one allocation per send, not two
    }

    /**
     * Whether this frame goes to many connections, so that one off-heap copy shared by all of
     * them pays for itself ({@link #offHeap()}).
     */
    public boolean wide() {
        return wide;
    }

    /**
     * A read-only view of an off-heap copy of the bytes, positioned at 0; the view is the
     * caller's. The copy is made on the first call and shared by every later one (two racing
     * first callers make equal copies; either is kept). A socket writes an off-heap buffer as
     * is; from the heap the JDK first copies into a temporary direct buffer, per write. Worth it
     * for {@link #wide()} frames only: the copy costs about as much as a few such writes.
     */
    public ByteBuffer offHeap() {
        ByteBuffer shared = offHeap;
        if (shared == null) {
            ByteBuffer copy = ByteBuffer.allocateDirect(utf8.length);
            copy.put(utf8).flip();
            shared = copy.asReadOnlyBuffer();
            offHeap = shared;
        }
        return shared.duplicate();
    }

    /** Size in bytes. */
    public int length() {
        return utf8.length;
    }

    /** The shared bytes, for the queue's joins and the tests; never written to. */
    byte[] bytes() {
        return utf8;
    }

    /** Whether {@link #text()} was computed already (tests check that decoding stays lazy). */
    boolean isDecoded() {
        return text != null;
    }

    @Override
    public String toString() {
        return "OutboundFrame[" + utf8.length + " bytes]";
    }

    private static final VarHandle TEXT;

    static {
        try {
            TEXT = MethodHandles.lookup().findVarHandle(OutboundFrame.class, "text", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
