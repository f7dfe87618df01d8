package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.channel.InvalidChannelException;
import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.influx.FrameFormat;
import dev.heliograph.live.influx.FrameLimitException;
import dev.heliograph.live.influx.LineProtocolException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One push WebSocket ({@code GET <prefix>/push/<streamId>}, org admins only): every message is one
 * line-protocol body, pushed like an HTTP {@code POST} body to {@code stream/<streamId>/<measurement>}.
 * Text and binary messages are both accepted (Telegraf's {@code outputs.websocket} sends binary
 * frames unless {@code use_text_frames = true}).
 *
 * <p>A bad body (or one whose frames would pass its cell limit, or a measurement that cannot be a
 * channel path) is logged as a warning with its line (and column) and skipped, nothing of it is
 * pushed, and the connection stays open. A message over {@link LiveSettings#pushMessageLimit()} closes
 * the connection with 1009 once the client has sent all of it ({@link MessageDrain}). A failed push (the
 * engine unreachable) is logged; the connection stays.
 *
 * <p>Liveness: the server sends a WebSocket ping frame every {@link LiveSettings#pingInterval()}
 * and closes the connection with 3012 "no pong" when no pong frame arrives within
 * {@link LiveSettings#pongTimeout()}. WebSocket clients answer pings on their own (Telegraf's
 * client does while it reads the connection), so nothing protocol-level is needed.
 *
 * <p>Public only because containers insist on public endpoint classes; not part of the API. The
 * container calls the callbacks and message handlers one at a time for this connection; pings
 * and the pong check run on the scheduler thread.
 */
public final class PushEndpoint extends Endpoint {
    private static final System.Logger LOG = System.getLogger(PushEndpoint.class.getName());

    /** Close code when a ping went unanswered (the same code the client protocol uses). */
    static final int NO_PONG = 3012;
    /** Tomcat's bound on a blocking send (our pings), a {@code Long} in ms; other containers ignore it. */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final ByteBuffer PING_PAYLOAD = ByteBuffer.allocate(0);

    private final LiveUser user;
    private final String streamId;
    private final FrameFormat format;
    private final LineProtocolPusher pusher;
    private final LiveSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Duration idleTimeout;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile @Nullable Session session;
    private volatile @Nullable ScheduledFuture<?> pinger;
    private volatile long lastPongNanos;

    PushEndpoint(LiveUser user, String streamId, FrameFormat format, LineProtocolPusher pusher, LiveSettings settings,
            ScheduledExecutorService scheduler, Duration idleTimeout) {
        this.user = user;
        this.streamId = streamId;
        this.format = format;
        this.pusher = pusher;
        this.settings = settings;
        this.scheduler = scheduler;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void onOpen(Session s, EndpointConfig config) {
        session = s;
        s.setMaxIdleTimeout(Math.max(idleTimeout.toMillis(), settings.pingInterval().multipliedBy(2).toMillis()));
        long limit = settings.pushMessageLimit() == LiveSettings.UNLIMITED ? Long.MAX_VALUE : settings.pushMessageLimit();
        s.getUserProperties().put(LiveEndpoint.JETTY_MAX_FRAME_SIZE, limit);
        s.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, settings.pongTimeout().toMillis());
        BodyAssembler assembler = new BodyAssembler(limit);
        s.addMessageHandler(String.class, (MessageHandler.Partial<String>) (part, last) ->
                assembler.text(part, last));
        s.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (part, last) ->
                assembler.binary(part, last));
        s.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong ->
                lastPongNanos = System.nanoTime());
        lastPongNanos = System.nanoTime();
        long every = settings.pingInterval().toMillis();
        try {
            pinger = scheduler.scheduleAtFixedRate(this::ping, every, every, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            close(CloseReason.CloseCodes.GOING_AWAY.getCode(), "server stopping");
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "push WebSocket " + s.getId() + " of user " + user.login()
                + " (org " + user.orgId() + ") open for stream " + streamId + ", format " + format.queryValue());
    }

    @Override
    public void onClose(Session s, CloseReason reason) {
        closing.set(true);
        ScheduledFuture<?> p = pinger;
        if (p != null) {
            p.cancel(false);
        }
    }

    @Override
    public void onError(Session s, Throwable error) {
        LOG.log(System.Logger.Level.DEBUG, () -> "push WebSocket " + s.getId() + " of user " + user.login()
                + " failed: " + error);
    }

    /** One whole message: convert, push, or log and skip. */
    void onBody(byte[] body, int offset, int length) {
        List<DataFrame> frames;
        try {
            frames = pusher.convert(streamId, format, body, offset, length);
        } catch (LineProtocolException | FrameLimitException | InvalidChannelException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "push WebSocket of user " + user.login() + " (org "
                    + user.orgId() + ") to stream " + streamId + ": skipped a message of " + length
                    + " bytes, nothing of it was pushed: " + e.getMessage());
            return;
        }
        if (frames.isEmpty()) {
            return;
        }
        pusher.push(user.orgId(), streamId, frames).whenComplete((ok, failure) -> {
            if (failure != null) {
                Throwable t = failure.getCause() != null ? failure.getCause() : failure;
                LOG.log(System.Logger.Level.WARNING, () -> "push WebSocket of user " + user.login() + " (org "
                        + user.orgId() + ") to stream " + streamId + ": frames lost: " + t);
            }
        });
    }

    private void ping() {
        Session s = session;
        if (s == null || closing.get() || !s.isOpen()) {
            ScheduledFuture<?> p = pinger;
            if (p != null) {
                p.cancel(false);
            }
            return;
        }
        long sentAt = System.nanoTime();
        try {
            s.getAsyncRemote().sendPing(PING_PAYLOAD.duplicate());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "ping on push WebSocket " + s.getId() + " failed: " + e);
            close(CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode(), "ping failed");
            return;
        }
        try {
            scheduler.schedule(() -> {
                if (lastPongNanos - sentAt < 0) {
                    LOG.log(System.Logger.Level.INFO, () -> "push WebSocket of user " + user.login() + " (org "
                            + user.orgId() + ") to stream " + streamId + " closed: no pong within "
                            + settings.pongTimeout().toMillis() + " ms");
                    close(NO_PONG, "no pong");
                }
            }, settings.pongTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the server is stopping; the container closes the connection
        }
    }

    private void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> p = pinger;
        if (p != null) {
            p.cancel(false);
        }
        Session s = session;
        if (s == null) {
            return; // not open yet: nothing to close
        }
        try {
            s.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing push WebSocket " + s.getId() + " failed: " + e);
        }
    }

    /**
     * Joins the parts of one message (text or binary) into UTF-8 bytes and enforces the size
     * limit, draining the rest of a message over it before closing; a message in one part is
     * converted without an extra copy. Used by the container's message thread of this connection
     * only.
     */
    private final class BodyAssembler {
        private final long limit;
        private byte[] buffer = new byte[0];
        private int size;
        private @Nullable MessageDrain discarding;

        BodyAssembler(long limit) {
            this.limit = limit;
        }

        void text(String part, boolean last) {
            if (discarding != null) {
                discarding.part(LiveEndpoint.TextAssembler.utf8Length(part), last);
                return;
            }
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            if (size == 0 && last) {
                if (checkSize(bytes.length, last)) {
                    onBody(bytes, 0, bytes.length);
                }
                return;
            }
            append(bytes, 0, bytes.length, last);
        }

        void binary(ByteBuffer part, boolean last) {
            if (discarding != null) {
                discarding.part(part.remaining(), last);
                return;
            }
            if (size == 0 && last && part.hasArray()) {
                if (checkSize(part.remaining(), last)) {
                    onBody(part.array(), part.arrayOffset() + part.position(), part.remaining());
                }
                return;
            }
            byte[] bytes = new byte[part.remaining()];
            part.get(bytes);
            append(bytes, 0, bytes.length, last);
        }

        private void append(byte[] bytes, int offset, int length, boolean last) {
            if (!checkSize((long) size + length, last)) {
                return;
            }
            if (size + length > buffer.length) {
                byte[] grown = new byte[Math.max(size + length, Math.max(1024, buffer.length * 2))];
                System.arraycopy(buffer, 0, grown, 0, size);
                buffer = grown;
            }
            System.arraycopy(bytes, offset, buffer, size, length);
            size += length;
            if (last) {
                byte[] whole = buffer;
                int n = size;
                buffer = new byte[0];
                size = 0;
                onBody(whole, 0, n);
            }
        }

        /** Whether {@code bytes} are within the limit; if not, drains the rest of the message and closes with 1009. */
        private boolean checkSize(long bytes, boolean last) {
            if (bytes <= limit) {
                return true;
            }
            discarding = new MessageDrain(() -> close(CloseReason.CloseCodes.TOO_BIG.getCode(), "message too big"));
            buffer = new byte[0];
            size = 0;
            LOG.log(System.Logger.Level.WARNING, () -> "push WebSocket of user " + user.login() + " (org " + user.orgId()
                    + ") to stream " + streamId + " closed with 1009: a message is larger than the push message limit"
                    + " of " + limit + " bytes; send smaller batches or raise [live] push_message_limit");
            discarding.part(bytes, last);
            return false;
        }
    }
}
