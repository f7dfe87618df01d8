package dev.heliograph.live;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what a node did, for operators: connections opened and closed (by close code),
 * publications in by source, messages, frames and bytes handed to the sockets, command errors
 * by code and command time, and what the node did to protect itself and its clients (slow
 * clients closed, advisory pushes dropped, commands rate limited). Monotonic since the node
 * started; gauges (connections open, channels, subscriptions) are read from the node itself
 * ({@link LiveNode#sessions()}, {@link LiveNode#localSubscribers()}).
 *
 * <p>Framework-free: a metrics library binds to it by reading the counters (the
 * {@code live-micrometer} module does), and may add a {@link CommandTimer} to get each
 * command's duration. Every counter is one {@link LongAdder}; counters keyed by a code live in a
 * map that allocates once per new code, and report the new code to each {@link #addNewCodeListener listener}.
 *
 * <p>Incremented by the protocol layer, the endpoints and the push path on any thread; read by
 * the host on any thread. Thread-safe, lock-free on the data path.
 */
public final class LiveMetrics {

    /** Receives each command's duration; installed by a metrics binding. */
    @FunctionalInterface
    public interface CommandTimer {
        /**
         * One command handled on a connection's command thread (for a publish or a positioned
         * subscribe: until the engine was asked, not until it answered).
         *
         * @param method the command's protocol name ({@code "subscribe"}, {@code "publish"}, ...)
         */
        void record(String method, long nanos);
    }

    /** Which keyed family a new code appeared in, for {@link #addNewCodeListener}. */
    public enum CodeFamily {
        /** Close codes the server sent ({@link #disconnects()}). */
        DISCONNECT,
        /** Error codes of command replies ({@link #commandErrors()}). */
        COMMAND_ERROR
    }

    /** Told once per new code of a keyed family. */
    @FunctionalInterface
    public interface NewCodeListener {
        void onNewCode(CodeFamily family, int code);
    }

    private final LongAdder slowClientsClosed = new LongAdder();
    private final LongAdder joinLeaveSuppressed = new LongAdder();
    private final LongAdder advisoryPushesDropped = new LongAdder();
    private final LongAdder commandsRateLimited = new LongAdder();
    private final LongAdder insufficientStates = new LongAdder();

    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder connectionsClosed = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final ConcurrentHashMap<Integer, LongAdder> disconnects = new ConcurrentHashMap<>();
    private final LongAdder[] publications = adders(PublicationSource.values().length);
    private final LongAdder publishLatencyCount = new LongAdder();
    private final LongAdder publishLatencyNanos = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAccumulator queueBytesHighWater = new LongAccumulator(Math::max, 0);
    private final ConcurrentHashMap<Integer, LongAdder> commandErrors = new ConcurrentHashMap<>();
    private final LongAdder commands = new LongAdder();
    private final LongAdder commandNanos = new LongAdder();
    private final LongAdder pushLinesParsed = new LongAdder();
    private final LongAdder pushBodiesRejected = new LongAdder();
    private final LongAdder frameSchemaChanges = new LongAdder();

    private final CopyOnWriteArrayList<CommandTimer> commandTimers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<NewCodeListener> newCodeListeners = new CopyOnWriteArrayList<>();

    LiveMetrics() {}

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    // ---- reading ---------------------------------------------------------------------------

    /** Connections closed with 3008 because their outbound queue went over its limit. */
    public long slowClientsClosed() {
        return slowClientsClosed.sum();
    }

    /**
     * Join and leave announcements not published because the channel had more local subscribers
     * than {@code LiveSettings.joinLeaveMaxMembers()}.
     */
    public long joinLeaveSuppressed() {
        return joinLeaveSuppressed.sum();
    }

    /** Join/leave pushes not queued to a client whose queue was already backed up. */
    public long advisoryPushesDropped() {
        return advisoryPushesDropped.sum();
    }

    /** Commands answered with error 111 "too many requests" by the per-connection rate limit. */
    public long commandsRateLimited() {
        return commandsRateLimited.sum();
    }

    /**
     * Positioned subscriptions unsubscribed with 2500 "insufficient state" because publications
     * were missed that nothing would deliver (the client resubscribes and recovers from history).
     */
    public long insufficientStates() {
        return insufficientStates.sum();
    }

    /** Client sessions started (WebSocket and any other transport). */
    public long connectionsOpened() {
        return connectionsOpened.sum();
    }

    /** Client sessions released, whoever closed them. */
    public long connectionsClosed() {
        return connectionsClosed.sum();
    }

    /** Upgrades refused because the node was at {@code max_connections} (closed with 3504). */
    public long connectionsRefused() {
        return connectionsRefused.sum();
    }

    /** Connections the server closed, by close code (a snapshot, sorted by code). */
    public Map<Integer, Long> disconnects() {
        return snapshot(disconnects);
    }

    /** Connections the server closed with {@code code}. */
    public long disconnects(int code) {
        LongAdder a = disconnects.get(code);
        return a == null ? 0 : a.sum();
    }

    /** Publications handed to the engine (or, for streams, to local subscribers) from {@code source}. */
    public long publications(PublicationSource source) {
        return publications[source.ordinal()].sum();
    }

    /** Publications whose engine accept was timed ({@link #publishLatencyNanos()}). */
    public long publishLatencyCount() {
        return publishLatencyCount.sum();
    }

    /** Total time from handing publications to the engine until it accepted them. */
    public long publishLatencyNanos() {
        return publishLatencyNanos.sum();
    }

    /** Messages (replies, pushes, pings) handed to the transports, each counted once. */
    public long messagesSent() {
        return messagesSent.sum();
    }

    /** WebSocket frames handed to the transports; {@code messagesSent / framesSent} shows the batching. */
    public long framesSent() {
        return framesSent.sum();
    }

    /** Bytes of the frames handed to the transports (payload, before WebSocket framing). */
    public long bytesSent() {
        return bytesSent.sum();
    }

    /** The most bytes ever waiting in one connection's outbound queue. */
    public long queueBytesHighWater() {
        return queueBytesHighWater.get();
    }

    /** Command replies carrying an error, by error code (a snapshot, sorted by code). */
    public Map<Integer, Long> commandErrors() {
        return snapshot(commandErrors);
    }

    /** Command replies carrying error {@code code}. */
    public long commandErrors(int code) {
        LongAdder a = commandErrors.get(code);
        return a == null ? 0 : a.sum();
    }

    /** Commands handled (pongs not counted). */
    public long commands() {
        return commands.sum();
    }

    /** Total time spent handling {@link #commands()}. */
    public long commandNanos() {
        return commandNanos.sum();
    }

    /** Line-protocol lines of accepted push bodies (comments and blank lines not counted). */
    public long pushLinesParsed() {
        return pushLinesParsed.sum();
    }

    /** Push bodies refused (a bad line, too many cells, a measurement that cannot be a channel): all or nothing. */
    public long pushBodiesRejected() {
        return pushBodiesRejected.sum();
    }

    /** Managed-stream frames whose schema differed from the cached one (sent as full frames). */
    public long frameSchemaChanges() {
        return frameSchemaChanges.sum();
    }

    private static Map<Integer, Long> snapshot(ConcurrentHashMap<Integer, LongAdder> map) {
        Map<Integer, Long> out = new TreeMap<>();
        map.forEach((code, adder) -> out.put(code, adder.sum()));
        return out;
    }

    // ---- hooks for a metrics binding -------------------------------------------------------

    /**
     * Adds a receiver of command durations (one per bound registry); it runs on the command
     * threads, so it must be quick and thread-safe.
     */
    public void addCommandTimer(CommandTimer timer) {
        commandTimers.add(requireNonNull(timer, "timer"));
    }

    /** Adds a listener told about each new code of a keyed family (on the thread that met it). */
    public void addNewCodeListener(NewCodeListener listener) {
        newCodeListeners.add(requireNonNull(listener, "listener"));
    }

    // ---- recording (for the protocol layer, endpoints and push path) -----------------------

    /** For the protocol layer. */
    public void recordInsufficientState() {
        insufficientStates.increment();
    }

    /** For the protocol layer. */
    public void recordSlowClientClosed() {
        slowClientsClosed.increment();
    }

    /** For the protocol layer. */
    public void recordJoinLeaveSuppressed() {
        joinLeaveSuppressed.increment();
    }

    /** For the protocol layer. */
    public void recordAdvisoryPushDropped() {
        advisoryPushesDropped.increment();
    }

    /** For the protocol layer. */
    public void recordCommandRateLimited() {
        commandsRateLimited.increment();
    }

    /** For the protocol layer: a session started. */
    public void recordConnectionOpened() {
        connectionsOpened.increment();
    }

    /** For the protocol layer: a session was released. */
    public void recordConnectionClosed() {
        connectionsClosed.increment();
    }

    /** For the protocol layer: the server closed a connection with {@code code}. */
    public void recordDisconnect(int code) {
        keyed(disconnects, CodeFamily.DISCONNECT, code).increment();
    }

    /** For the endpoints: an upgrade was refused at the connection limit. */
    public void recordConnectionRefused() {
        connectionsRefused.increment();
    }

    /** For the node: one publication from {@code source}. */
    public void recordPublication(PublicationSource source) {
        publications[source.ordinal()].increment();
    }

    /** For the node: the engine accepted a publication {@code nanos} after it was handed over. */
    public void recordPublishLatency(long nanos) {
        publishLatencyCount.increment();
        publishLatencyNanos.add(nanos);
    }

    /** For the outbound queue: one frame of {@code messages} messages and {@code bytes} bytes. */
    public void recordFrameSent(int messages, int bytes) {
        framesSent.increment();
        messagesSent.add(messages);
        bytesSent.add(bytes);
    }

    /** For the outbound queue: {@code bytes} now wait in one connection's queue. */
    public void recordQueueBytes(int bytes) {
        queueBytesHighWater.accumulate(bytes);
    }

    /** For the protocol layer: a reply carried error {@code code}. */
    public void recordCommandError(int code) {
        keyed(commandErrors, CodeFamily.COMMAND_ERROR, code).increment();
    }

    /** For the protocol layer: a command ({@code method} its protocol name) took {@code nanos}. */
    public void recordCommand(String method, long nanos) {
        commands.increment();
        commandNanos.add(nanos);
        for (CommandTimer timer : commandTimers) {
            timer.record(method, nanos);
        }
    }

    /** For the push endpoints: a body of {@code lines} lines was accepted. */
    public void recordPushLines(int lines) {
        pushLinesParsed.add(lines);
    }

    /** For the push endpoints: a body was refused. */
    public void recordPushRejected() {
        pushBodiesRejected.increment();
    }

    /** For the managed streams: a pushed frame changed its channel's schema. */
    public void recordFrameSchemaChange() {
        frameSchemaChanges.increment();
    }

    private LongAdder keyed(ConcurrentHashMap<Integer, LongAdder> map, CodeFamily family, int code) {
        LongAdder a = map.get(code);
        if (a != null) {
            return a;
        }
        boolean[] created = new boolean[1];
        a = map.computeIfAbsent(code, c -> {
            created[0] = true;
            return new LongAdder();
        });
        if (created[0]) {
            for (NewCodeListener l : newCodeListeners) {
                l.onNewCode(family, code);
            }
        }
        return a;
    }

    @Override
    public String toString() {
        return "LiveMetrics[connectionsOpened=" + connectionsOpened() + ", connectionsClosed=" + connectionsClosed()
                + ", disconnects=" + disconnects() + ", messagesSent=" + messagesSent() + ", framesSent="
                + framesSent() + ", commandErrors=" + commandErrors() + ", slowClientsClosed=" + slowClientsClosed()
                + ", joinLeaveSuppressed=" + joinLeaveSuppressed() + ", advisoryPushesDropped="
                + advisoryPushesDropped() + ", commandsRateLimited=" + commandsRateLimited()
                + ", insufficientStates=" + insufficientStates() + "]";
    }
}
