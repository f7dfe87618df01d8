package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.HistoryOutcome;
import dev.heliograph.live.LiveMetrics;
import dev.heliograph.live.LiveNode;
import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.SubscribeOutcome;
import dev.heliograph.live.channel.InvalidChannelException;
import dev.heliograph.live.channel.OrgChannel;
import dev.heliograph.live.handler.HandlerStatus;
import dev.heliograph.live.handler.PublishReply;
import dev.heliograph.live.handler.SubscribeReply;
import dev.heliograph.live.hub.ClientInfo;
import dev.heliograph.live.hub.HistoryQuery;
import dev.heliograph.live.hub.HistoryResult;
import dev.heliograph.live.hub.HubUnavailableException;
import dev.heliograph.live.hub.Publication;
import dev.heliograph.live.hub.StreamPosition;
import dev.heliograph.live.json.RawJson;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * One client connection speaking the Centrifuge v2 protocol over a {@link Transport}, in the
 * {@link WireProtocol} its upgrade negotiated (JSON text frames or Protobuf binary frames): the
 * command state machine (connect, subscribe, publish, presence, ...), the ping/pong and connect
 * timers, and the fan-out path from the hub to the socket through a bounded outbound queue.
 *
 * <p><b>Who calls it.</b> An adapter creates one per WebSocket connection once its handshake
 * authenticated the user, feeds it every inbound message with {@link #onText} (JSON) or
 * {@link #onBinary} (Protobuf) (one thread
 * at a time, in arrival order: the connection's command thread), and calls
 * {@link #onTransportClosed} when the connection ends, whoever closed it. Commands run on the
 * command thread, so a slow handler delays this connection's later commands only. Replies
 * leave in command order, also when a publish completes later on an engine thread.
 *
 * <p><b>Fan-out.</b> The hub calls the session's subscribers on its dispatch thread; they encode
 * each publication once for all subscribers ({@link Publication#encodeOnce}), queue the shared
 * {@link OutboundFrame} and return without blocking; a push that leaves alone reaches every
 * transport as that same frame. A client whose queue goes over
 * {@link LiveSettings#outboundQueueBytes()} is closed with 3008 "slow"; the others are not
 * affected.
 *
 * <p><b>Closing.</b> The server closes with a {@link Disconnect} code: 3501 for a malformed or
 * out-of-place command, 3502 without connect in time, 3012 without pong, 3008 for a slow client,
 * 3009 when a send fails, 1009 for a message over the size limit, 3500 for a connection token
 * that is missing (no user from the upgrade) or invalid, 3005 when it expired unrefreshed.
 * Output still queued at that moment is dropped; {@link #shutdown} (3001) lets it go out first.
 * Either way subscriptions, presence entries and timers are released and leaves are announced
 * once.
 *
 * <p><b>No re-entry.</b> Transport events (the connection closed, a send failed or completed)
 * may arrive on the stack of another connection's send: a hub dispatch thread writing a push to
 * many sockets, whose container fails a write and reports the close at once. Such events only
 * mark the session closed; the release (unsubscribes, presence removal, leave announcements,
 * transport close) is handed to {@link LiveNode#scheduler()}, so the cleanup of one dead
 * connection never runs inside another's, however many die at once. Only the connection's own
 * command thread releases inline (a bad request).
 *
 * <p><b>Tokens.</b> With a {@link LiveNode#tokenVerifier()}, the connect token names the
 * user when the upgrade did not ({@code user} null until connect) and its {@code exp} makes the
 * connection expire unless the client sends {@code refresh}; channels that
 * {@linkplain LiveNode#subscriptionTokenRequired need} a subscription token expire the
 * same way unless it sends {@code sub_refresh} (then unsubscribe push 2501).
 * {@link TokenChecks} decides on each token; expiry checks run on the timer pool after
 * {@code token_expiry_grace} ({@link dev.heliograph.live.LiveSettings#tokenExpiryGrace()}).
 *
 * <p><b>History and recovery.</b> A channel whose handler's subscribe reply enabled recovery is
 * positioned: the subscriber is registered with the node's fan-out first (holding what arrives),
 * then, once the engine listens ({@link dev.heliograph.live.hub.Hub#whenListening}), the stream's
 * top is read, or with {@code recover} everything after the client's offset; the reply carries
 * {@code epoch}, {@code offset} and the recovered publications, and the held ones follow, those
 * the reply already carried dropped. The history read completes on an engine thread, which then
 * queues the reply; replies still leave in command order. A later gap is answered with the
 * unsubscribe push 2500 (see {@link SessionChannel}). {@code history} is answered from the
 * engine, with the handler's subscribe answer as permission.
 *
 * <p><b>Crowds.</b> Joins and leaves are advisory: they are not announced on a channel with more
 * than {@link LiveSettings#joinLeaveMaxMembers()} subscribers on this node, and a backed-up
 * queue drops them rather than closing the client. Commands are rate limited per connection
 * ({@link LiveSettings#commandsPerSecond()}; error 111 over the limit).
 *
 * <p><b>Crowds.</b> Joins and leaves are advisory: they are not announced on a channel with more
 * than {@link LiveSettings#joinLeaveMaxMembers()} subscribers on this node, and a backed-up
 * queue drops them rather than closing the client. Commands are rate limited per connection
 * ({@link LiveSettings#commandsPerSecond()}; error 111 over the limit).
 *
 * <p><b>Timers</b> run on {@link LiveNode#scheduler()}: no thread per session. Pings and pong
 * deadlines come from the node's {@link PingWheel} (one timer task for every connection, not
 * two per ping); each ping also refreshes the session's presence entries. Every timer task
 * catches what it throws, so one failing session never cancels its own pings silently nor
 * disturbs the shared pool.
 */
public final class ClientSession {

    private static final System.Logger LOG = System.getLogger(ClientSession.class.getName());
    /** Every session refreshes its presence at each ping: while the engine is down, one warning per 10 s, not one per session. */
    private static final ThrottledWarning PRESENCE_FAILURES = new ThrottledWarning(LOG, java.time.Duration.ofSeconds(10));

    private enum State {
        CONNECTING,
        CONNECTED,
        CLOSED
    }

    /** Unsubscribe push code of an expired subscription; from 2500 the client subscribes again. */
    private static final int UNSUBSCRIBE_EXPIRED = 2501;
    /** Unsubscribe push code of the server's unsubscribe; below 2500 the client does not subscribe again. */
    private static final int UNSUBSCRIBE_SERVER = 2000;

    private final LiveNode node;
    private volatile LiveUser user; // null until connect when the upgrade carried no credentials (token connect)
    private final Transport transport;
    private final LiveSettings settings;
    private final ScheduledExecutorService timers;
    private final WireProtocol protocol;
    private final ReplyFormat replyFormat;
    private final String clientId;
    private final String emulationSession; // null unless the transport is emulated
    private final Object emulationInbox = new Object(); // orders posted commands: one message at a time
    private volatile ClientInfo info;
    private final OutboundQueue outbound;
    private final ReplySequencer replies;
    private final SessionChannel.Owner channelOwner = new ChannelOwner();
    private final ConcurrentHashMap<OrgChannel, SessionChannel> channels = new ConcurrentHashMap<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.CONNECTING);
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private final LiveMetrics metrics;
    private final @Nullable CommandRateLimiter rateLimiter;
    private volatile boolean released;
    private volatile @Nullable ScheduledFuture<?> connectDeadline;
    /** This connection's place on the node's ping wheel, from connect until it closes. */
    private volatile PingWheel.@Nullable Registration pings;
    private volatile long pingsSent;
    private volatile long pongsReceived;
    private volatile long expiresAtMillis; // the connection token's exp (epoch ms); 0 for never
    private volatile @Nullable ScheduledFuture<?> expiryCheck;

    /**
     * Starts a session: the client has {@link LiveSettings#connectTimeout()} to send connect.
     * Timings, limits and hooks are the node's ({@link LiveNode#settings()}), timers run on
     * {@link LiveNode#scheduler()}.
     *
     * @param node      the node whose handlers, hub, settings and timers serve this connection
     * @param user      the user the handshake authenticated; null only with the node's
     *                  {@link LiveNode#tokenVerifier()}, when the connect token names the user
     * @param transport the connection
     */
    public ClientSession(LiveNode node, @Nullable LiveUser user, Transport transport) {
        this(node, user, transport, WireProtocol.JSON);
    }

    /**
     * Starts a session speaking {@code protocol} (the one its upgrade negotiated): JSON in text
     * frames through {@link #onText}, or Protobuf in binary frames through {@link #onBinary}.
     *
     * @param node      the node whose handlers, hub, settings and timers serve this connection
     * @param user      the user the handshake authenticated; null only with the node's
     *                  {@link LiveNode#tokenVerifier()}, when the connect token names the user
     * @param transport the connection
     * @param protocol  the wire protocol of the connection
     * @see #ClientSession(LiveNode, LiveUser, Transport)
     */
    // NullAway: user and info are null only until a token connect sets them (the check below
    // allows that only with a token verifier); every later read runs after connect
    @SuppressWarnings("NullAway")
    public ClientSession(LiveNode node, @Nullable LiveUser user, Transport transport, WireProtocol protocol) {
        this.node = requireNonNull(node, "node");
        this.transport = requireNonNull(transport, "transport");
        this.protocol = requireNonNull(protocol, "protocol");
        this.replyFormat = protocol.replies();
        if (user == null && node.tokenVerifier() == null) {
            throw new NullPointerException(
                    "user (a session without one needs a tokenVerifier to take it from the connect token)");
        }
        this.user = user;
        this.settings = node.settings();
        this.timers = node.scheduler();
        this.clientId = UUID.randomUUID().toString();
        this.emulationSession = transport.emulation() ? UUID.randomUUID().toString() : null;
        this.info = user == null ? null : ClientInfo.of(user.id(), clientId);
        this.outbound = new OutboundQueue(
                transport,
                protocol,
                queueListener,
                settings.outboundQueueBytes(),
                settings.maxMessagesPerFrame(),
                settings.maxFrameBytes());
        this.replies = new ReplySequencer(reply -> emit(new OutboundFrame(reply)));
        this.metrics = node.metrics();
        this.rateLimiter = CommandRateLimiter.of(settings.commandsPerSecond(), settings.commandBurst(), System::nanoTime);
        this.connectDeadline = timers.schedule(safely(this::onConnectDeadline),
                settings.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        metrics.recordConnectionOpened();
        if (!node.sessions().add(this)) {
            abort(Disconnect.SHUTDOWN); // the node is shutting down: tell the client to go elsewhere, hold nothing
        }
    }

    /** This connection's id, unique across nodes: the connect result's {@code client}. */
    public String clientId() {
        return clientId;
    }

    /**
     * The secret id under which an emulated connection's client posts its commands (the connect
     * result's {@code session}); null for a WebSocket. Unlike {@link #clientId()} it is never
     * shown to other clients.
     */
    public String emulationSession() {
        return emulationSession;
    }

    /**
     * Commands an emulated connection's client posted to the emulation endpoint (of this node
     * or another, forwarded through the engine): as {@link #onText}, one post at a time in
     * arrival order. Any thread that may run commands: an HTTP request thread or the node's
     * control thread, never an engine delivery thread of another connection.
     */
    public void onEmulatedText(String message) {
        synchronized (emulationInbox) {
            onText(message);
        }
    }

    /**
     * Ends this connection's subscription to {@code channel} by the server's decision (a
     * permission revoked): the client gets an unsubscribe push with code 2000 and does not
     * subscribe again by itself. Any thread; returns whether a subscription was ended.
     */
    public boolean unsubscribeByServer(OrgChannel channel) {
        requireNonNull(channel, "channel");
        SessionChannel subscriber = channels.get(channel);
        if (subscriber == null || state.get() != State.CONNECTED || !channels.remove(channel, subscriber)) {
            return false;
        }
        subscriber.release(true); // nothing of the channel follows the unsubscribe push
        emit(new OutboundFrame(ReplyEncoder.unsubscribePush(channel.wireName(), UNSUBSCRIBE_SERVER,
                "server unsubscribe")));
        return true;
    }

    /** The authenticated user; null before connect when the connect token is to name it. */
    public LiveUser user() {
        return user;
    }

    /** Whether the session is closed (by the server or the transport). */
    public boolean isClosed() {
        return state.get() == State.CLOSED;
    }

    /**
     * Whether everything the session held was released: subscriptions, presence entries, timers
     * (the node's {@link SessionRegistry} no longer lists it).
     */
    public boolean isReleased() {
        return released;
    }

    /** Channels this connection is subscribed to (or subscribing). */
    public int channelCount() {
        return channels.size();
    }

    /**
     * One inbound text message of a JSON session: one or more commands separated by {@code \n},
     * handled in order; a malformed command closes the connection with 3501 after the commands
     * before it were handled. Command thread, one message at a time. A Protobuf session closes
     * with 3501: it speaks in binary frames only.
     */
    public void onText(String message) {
        requireNonNull(message, "message");
        if (state.get() == State.CLOSED) {
            return;
        }
        if (protocol.binary()) {
            disconnect(Disconnect.badRequest("text frame on a " + protocol.name() + " connection: send binary frames"));
            return;
        }
        int limit = settings.messageSizeLimit();
        if (limit >= 0 && message.length() > limit) {
            disconnect(Disconnect.MESSAGE_TOO_BIG);
            return;
        }
        onMessage(message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One inbound binary message of a Protobuf session: one or more varint length-delimited
     * {@code Command}s, handled in order like {@link #onText}. The array is the session's from
     * now on. A JSON session closes with 3501: it speaks in text frames only. Command thread,
     * one message at a time.
     */
    public void onBinary(byte[] message) {
        requireNonNull(message, "message");
        if (state.get() == State.CLOSED) {
            return;
        }
        if (!protocol.binary()) {
            disconnect(Disconnect.badRequest("binary frame on a JSON connection: send commands as JSON text frames"));
            return;
        }
        onMessage(message);
    }

    /** The protocol this session speaks, negotiated at the upgrade. */
    public WireProtocol protocol() {
        return protocol;
    }

    private void onMessage(byte[] bytes) {
        int limit = settings.messageSizeLimit();
        if (limit >= 0 && bytes.length > limit) {
            disconnect(Disconnect.MESSAGE_TOO_BIG);
            return;
        }
        List<Command> commands = new ArrayList<>(2);
        BadRequestException malformed = null;
        try {
            protocol.decodeInto(bytes, commands);
        } catch (BadRequestException e) {
            malformed = e; // the commands before the malformed one are handled first
        }
        outbound.cork();
        try {
            for (Command command : commands) {
                if (state.get() == State.CLOSED) {
                    return;
                }
                if (!command.isPong() && rateLimiter != null && !rateLimiter.tryAcquire()) {
                    tooManyRequests(command);
                    continue;
                }
                long started = System.nanoTime();
                handle(command);
                if (command.method() != null) {
                    metrics.recordCommand(command.method().field(), System.nanoTime() - started);
                }
            }
        } finally {
            outbound.uncork();
        }
        if (malformed != null) {
            disconnect(Disconnect.badRequest(malformed.getMessage()));
        }
    }

    /**
     * The transport closed (by either side): stops output at once and hands the release of
     * subscriptions, presence and timers (and the leave announcements) to the timer pool.
     * Idempotent; any thread, including a container thread inside another connection's send.
     */
    public void onTransportClosed() {
        state.set(State.CLOSED);
        outbound.close();
        releaseLater();
    }

    /**
     * Closes the connection with {@code reason} and releases everything. Output still queued is
     * dropped. Idempotent; any thread (the work moves to the timer pool).
     */
    public void disconnect(Disconnect reason) {
        requireNonNull(reason, "reason");
        close(reason, false);
    }

    /**
     * Closes the connection with {@code reason} (normally {@link Disconnect#SHUTDOWN}, on which
     * the client reconnects, e.g. to another node) once what is already queued was written; no
     * new output is queued meanwhile. Timers stop at once. Idempotent; any thread, never blocks.
     * {@link SessionRegistry#disconnectAll} bounds how long a peer that stops reading may delay it.
     */
    public void shutdown(Disconnect reason) {
        requireNonNull(reason, "reason");
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        metrics.recordDisconnect(reason.code());
        cancel(connectDeadline);
        cancelPings();
        Runnable closeAndRelease = () -> runOnTimers(() -> {
            closeTransport(reason);
            cleanup();
        });
        if (!outbound.finish(closeAndRelease)) {
            closeAndRelease.run(); // the queue was closed already (a send just failed): nobody else will
        }
    }

    /**
     * Closes the transport now (not waiting for a send in flight) and releases everything on
     * this thread. For a shutdown whose time is up, on the thread that shuts down (never a
     * transport callback): {@link SessionRegistry#disconnectAll} calls it for the sessions that
     * did not finish in time. Idempotent.
     */
    void abort(Disconnect reason) {
        if (state.getAndSet(State.CLOSED) != State.CLOSED) {
            metrics.recordDisconnect(reason.code());
        }
        outbound.close();
        closeTransport(reason, true);
        cleanup();
    }

    // ---- commands -------------------------------------------------------------------------

    private void handle(Command c) {
        if (c.isPong()) {
            handlePong();
            return;
        }
        if (c.method() == null) {
            badRequest("command " + c.id() + " has no known method");
            return;
        }
        if (state.get() == State.CONNECTING && c.method() != Method.CONNECT) {
            badRequest(c.method().field() + " before connect");
            return;
        }
        if (c.id() == 0 && c.method() != Method.SEND) {
            badRequest(c.method().field() + " without id");
            return;
        }
        if (c.method().takesChannel() && (c.channel() == null || c.channel().isEmpty())) {
            badRequest(c.method().field() + " without channel");
            return;
        }
        switch (c.method()) {
            case CONNECT -> connect(c);
            case SUBSCRIBE -> subscribe(c);
            case UNSUBSCRIBE -> unsubscribe(c);
            case PUBLISH -> publish(c);
            case PRESENCE, PRESENCE_STATS -> presence(c);
            case HISTORY -> history(c);
            case SUB_REFRESH -> subRefresh(c);
            case RPC -> rpc(c);
            case REFRESH -> refresh(c);
            case SEND -> send(c);
        }
    }

    private void handlePong() {
        long sent = pingsSent;
        if (pongsReceived >= sent) {
            badRequest("pong without ping");
            return;
        }
        pongsReceived = sent;
    }

    private void connect(Command c) {
        if (state.get() != State.CONNECTING) {
            badRequest("second connect");
            return;
        }
        long ttlSeconds = 0;
        TokenVerifier verifier = node.tokenVerifier();
        if (verifier != null && c.token() != null && !c.token().isEmpty()) {
            TokenChecks.Checked<ConnectToken> checked = TokenChecks.connect(verifier, c.token(), user, clientId);
            if (!checked.accepted()) {
                refuse(c, checked); // 109 leaves it connecting: the client reconnects with a new token
                return;
            }
            ConnectToken token = checked.value();
            if (user == null) {
                info = ClientInfo.of(token.user().id(), clientId);
                user = token.user();
            }
            if (token.expiresAt() != null) {
                expiresAtMillis = token.expiresAt().toEpochMilli();
                ttlSeconds = TokenChecks.ttlSeconds(expiresAtMillis);
            }
        } else if (user == null) {
            close(TokenChecks.TOKEN_REQUIRED, true);
            return;
        }
        if (!state.compareAndSet(State.CONNECTING, State.CONNECTED)) {
            return; // closed meanwhile
        }
        cancel(connectDeadline);
        long pingMillis = settings.pingInterval().toMillis();
        long pingSeconds = Math.max(1, (pingMillis + 999) / 1000);
        replies.reply(emulationSession == null
                ? replyFormat.connect(c.id(), clientId, settings.serverVersion(), pingSeconds, ttlSeconds)
                : ReplyEncoder.connect(c.id(), clientId, settings.serverVersion(), pingSeconds, ttlSeconds,
                        emulationSession, node.id()), null); // emulation is JSON only
        if (ttlSeconds > 0) {
            armConnectionExpiry();
        }
        try {
            pings = node.sessions().pings(timers, settings).join(pingMember);
        } catch (RejectedExecutionException e) {
            close(Disconnect.SHUTDOWN, true);
            return;
        }
        if (state.get() == State.CLOSED) {
            cancelPings(); // closed meanwhile: the release may have run before the registration existed
        }
    }

    private void subscribe(Command c) {
        OrgChannel channel = channelOf(c);
        if (channel == null) {
            return;
        }
        long tokenExpiresAt = 0;
        if (node.tokenVerifier() != null && node.subscriptionTokenRequired(channel)) {
            TokenChecks.Checked<Long> checked =
                    TokenChecks.subscription(node.tokenVerifier(), c.token(), user, c.channel(), clientId);
            if (!checked.accepted()) {
                refuse(c, checked);
                return;
            }
            tokenExpiresAt = checked.value();
        }
        if (channels.containsKey(channel)) {
            replyError(c, ReplyError.ALREADY_SUBSCRIBED);
            return;
        }
        if (channels.size() >= settings.maxChannels()) {
            replyError(c, new ReplyError(106, "limit exceeded: a connection may subscribe to at most "
                    + settings.maxChannels() + " channels", false));
            return;
        }
        SessionChannel subscriber = new SessionChannel(channel, channelOwner, settings.outboundQueueBytes(), protocol.pushes());
        subscriber.expiresAtMillis(tokenExpiresAt);
        channels.put(channel, subscriber);
        SubscribeOutcome outcome;
        try {
            outcome = node.subscribe(user, channel, c.data(), subscriber);
        } catch (HubUnavailableException e) {
            channels.remove(channel, subscriber);
            LOG.log(Level.WARNING, "subscribe to " + channel + " failed, the engine is unavailable: " + e.getMessage());
            replyError(c, ReplyError.INTERNAL);
            return;
        } catch (InvalidChannelException e) {
            channels.remove(channel, subscriber);
            replyError(c, ReplyError.invalidChannel(e.getMessage()));
            return;
        } catch (RuntimeException e) {
            channels.remove(channel, subscriber);
            LOG.log(Level.WARNING, "subscribe handler for " + channel + " failed (user " + user.id() + ")", e);
            replyError(c, ReplyError.INTERNAL);
            return;
        }
        SubscribeReply reply = outcome.reply();
        if (!reply.isOk()) {
            channels.remove(channel, subscriber);
            SessionChannel.closeQuietly(outcome.subscription());
            replyError(c, errorOf(reply.status()));
            return;
        }
        if (!subscriber.activate(outcome.subscription(), reply.presence(), reply.joinLeave(), reply.recover())) {
            return; // the connection closed meanwhile and released it
        }
        // Through whileMember: a close racing this subscribe (timer, hub or container thread)
        // leaves after these, never before, so no presence entry or join outlives it.
        if (reply.presence()) {
            subscriber.whileMember(() -> addPresence(channel));
        }
        long ttl = tokenExpiresAt > 0 ? TokenChecks.ttlSeconds(tokenExpiresAt) : 0;
        if (reply.recover()) {
            subscribePositioned(c, channel, subscriber, reply.initialData(), ttl);
        } else {
            replies.reply(replyFormat.subscribe(c.id(), reply.initialData(), ttl), subscriber::goLive);
        }
        if (ttl > 0) {
            armChannelExpiry(subscriber);
        }
        if (reply.joinLeave() && joinLeaveAnnounced(channel, true)) {
            subscriber.whileMember(() -> {
                announce(Publication.join(channel, info));
                subscriber.joinAnnounced();
            });
        }
        if (state.get() == State.CLOSED) {
            cleanupChannels();
        }
    }

    /**
     * The rest of a subscribe whose handler enabled recovery. The subscriber is already registered
     * with the node's fan-out and holds what arrives; now the stream is read (its top, or with
     * {@code recover} everything after the client's offset), and once the reply went out the held
     * publications follow, those the reply already carried dropped: nothing is missed between the
     * read and the subscription, nothing is sent twice.
     */
    private void subscribePositioned(Command c, OrgChannel channel, SessionChannel subscriber,
            @Nullable RawJson initialData, long ttlSeconds) {
        StreamFields asked = c.streamOrNone();
        HistoryQuery query = asked.recover()
                ? HistoryQuery.since(new StreamPosition(asked.offset(), asked.epoch()))
                : HistoryQuery.TOP;
        long id = c.id();
        ReplySequencer.Slot slot = replies.reserve();
        CompletionStage<HistoryResult> read;
        try {
            // read once the engine's subscription is active: what is published after the read
            // then reaches the subscriber, which holds it until the reply is out
            read = node.hub().whenListening(channel).thenCompose(listening -> node.hub().history(channel, query));
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((result, failure) -> {
            Throwable cause = unwrap(failure);
            if (cause instanceof UnsupportedOperationException) {
                // an engine that keeps no history (allowed by the SPI): a plain subscription
                LOG.log(Level.DEBUG, () -> "subscribe to " + channel + " is not positioned: " + cause.getMessage());
                subscriber.notPositioned();
                replies.complete(slot, replyFormat.subscribe(id, initialData, ttlSeconds), subscriber::goLive);
                return;
            }
            if (failure != null) {
                LOG.log(Level.WARNING, "subscribe to " + channel + " failed: its history could not be read: " + cause);
                replies.complete(slot, errorReply(id, ReplyError.INTERNAL));
                runOnTimers(() -> {
                    if (channels.remove(channel, subscriber)) {
                        subscriber.release(true);
                    }
                });
                return;
            }
            StreamPosition top = result.top();
            boolean recovered = asked.recover() && recovered(result, asked);
            List<Publication> publications = recovered ? result.publications() : List.of();
            StreamPosition clientAt = publications.isEmpty()
                    ? top
                    : publications.get(publications.size() - 1).position();
            // as the Centrifuge server: after a recovery the reply says the offset the client sent,
            // and the recovered publications bring it to the top
            StreamPosition replied = recovered ? new StreamPosition(asked.offset(), top.epoch()) : top;
            byte[] bytes = replyFormat.subscribePositioned(id, initialData, replied, asked.recover(), recovered,
                    publications, ttlSeconds);
            replies.complete(slot, bytes, () -> subscriber.goLive(clientAt));
        });
    }

    /**
     * Whether everything after the client's position is in {@code result}: same epoch (an empty
     * one from the client is not compared, as the Centrifuge server does), and the publications
     * run from the client's offset + 1 to the stream's top without a hole.
     */
    private static boolean recovered(HistoryResult result, StreamFields asked) {
        StreamPosition top = result.top();
        if (!asked.epoch().isEmpty() && !asked.epoch().equals(top.epoch())) {
            return false;
        }
        List<Publication> pubs = result.publications();
        if (pubs.isEmpty()) {
            return top.offset() == asked.offset();
        }
        long expected = asked.offset() + 1;
        for (Publication p : pubs) {
            if (p.position() == null || p.position().offset() != expected) {
                return false;
            }
            expected++;
        }
        return expected - 1 == top.offset();
    }

    /** The failure inside the completion wrappers a stage adds (null stays null). */
    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * {@code history}: the channel's handler is asked as for a subscribe; only a channel whose
     * reply enabled recovery has history (else 108). Answers {@code publications}, {@code epoch}
     * and {@code offset} of the stream's top. A {@code since} from another epoch reads from the
     * start of the current stream, whose epoch the reply carries (the Centrifuge server does not
     * refuse it either).
     */
    private void history(Command c) {
        OrgChannel channel = channelOf(c);
        if (channel == null) {
            return;
        }
        StreamFields asked = c.streamOrNone();
        HistoryOutcome outcome;
        try {
            outcome = node.history(user, channel, new HistoryQuery(asked.since(), asked.limit(), asked.reverse()));
        } catch (InvalidChannelException e) {
            replyError(c, ReplyError.invalidChannel(e.getMessage()));
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "history handler for " + channel + " failed (user " + user.id() + ")", e);
            replyError(c, ReplyError.INTERNAL);
            return;
        }
        if (!outcome.reply().isOk()) {
            replyError(c, errorOf(outcome.reply().status()));
            return;
        }
        if (outcome.result() == null) {
            replyError(c, ReplyError.NOT_AVAILABLE);
            return;
        }
        long id = c.id();
        ReplySequencer.Slot slot = replies.reserve();
        outcome.result().whenComplete((result, failure) -> {
            if (failure != null) {
                Throwable cause = unwrap(failure);
                if (cause instanceof UnsupportedOperationException) {
                    replies.complete(slot, errorReply(id, ReplyError.NOT_AVAILABLE));
                    return;
                }
                LOG.log(Level.WARNING, "history of " + channel + " could not be read: " + cause);
                replies.complete(slot, errorReply(id, ReplyError.INTERNAL));
                return;
            }
            replies.complete(slot, replyFormat.history(id, result));
        });
    }

    private void unsubscribe(Command c) {
        OrgChannel channel;
        try {
            channel = OrgChannel.parseWire(c.channel());
        } catch (InvalidChannelException e) {
            channel = null; // never subscribed: nothing to do
        }
        if (channel != null) {
            SessionChannel subscriber = channels.remove(channel);
            if (subscriber != null) {
                subscriber.release(true);
            }
        }
        replies.reply(replyFormat.empty(c.id(), Method.UNSUBSCRIBE), null);
    }

    private void publish(Command c) {
        OrgChannel channel = channelOf(c);
        if (channel == null) {
            return;
        }
        if (c.data() == null) {
            badRequest("publish to " + c.channel() + " without data");
            return;
        }
        long id = c.id();
        ReplySequencer.Slot slot = replies.reserve();
        CompletionStage<PublishReply> stage;
        try {
            stage = node.publish(user, channel, c.data(), info);
        } catch (RuntimeException e) {
            replies.complete(slot, publishReply(id, channel, null, e));
            return;
        }
        stage.whenComplete((reply, failure) -> replies.complete(slot, publishReply(id, channel, reply, failure)));
    }

    private byte[] publishReply(long id, OrgChannel channel, @Nullable PublishReply reply, @Nullable Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            if (cause instanceof HubUnavailableException) {
                LOG.log(Level.WARNING, "publish to " + channel + " failed, the engine is unavailable: " + cause.getMessage());
            } else if (cause instanceof InvalidChannelException) {
                return errorReply(id, ReplyError.invalidChannel(cause.getMessage()));
            } else {
                LOG.log(Level.WARNING, "publish handler for " + channel + " failed (user " + user.id() + ")", cause);
            }
            return errorReply(id, ReplyError.INTERNAL);
        }
        if (reply == null || !reply.isOk()) {
            return errorReply(id, reply == null ? ReplyError.INTERNAL : errorOf(reply.status()));
        }
        return replyFormat.empty(id, Method.PUBLISH);
    }

    private void presence(Command c) {
        OrgChannel channel = channelOf(c);
        if (channel == null) {
            return;
        }
        SessionChannel subscriber = channels.get(channel);
        if (subscriber == null || !subscriber.presence()) {
            replyError(c, ReplyError.NOT_AVAILABLE);
            return;
        }
        byte[] reply;
        try {
            reply = c.method() == Method.PRESENCE
                    ? replyFormat.presence(c.id(), node.hub().presence().list(channel))
                    : replyFormat.presenceStats(c.id(), node.hub().presence().stats(channel));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, requireNonNull(c.method(), "dispatched commands have one").field() + " of " + channel + " failed: " + e);
            reply = errorReply(c.id(), ReplyError.INTERNAL);
        }
        replies.reply(reply, null);
    }

    private void rpc(Command c) {
        String name = c.rpcMethod() == null ? "" : c.rpcMethod();
        RpcMethod method = node.rpcMethod(name);
        if (method == null) {
            replyError(c, new ReplyError(104, "method not found: '" + name + "'", false));
            return;
        }
        byte[] reply;
        try {
            reply = replyFormat.withData(c.id(), Method.RPC, method.call(user, c.data()));
        } catch (CommandRejectedException e) {
            reply = errorReply(c.id(), new ReplyError(e.code(), String.valueOf(e.getMessage()), e.temporary()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "rpc method '" + name + "' failed (user " + user.id() + ")", e);
            reply = errorReply(c.id(), ReplyError.INTERNAL);
        }
        replies.reply(reply, null);
    }

    private void refresh(Command c) {
        if (node.tokenVerifier() != null) {
            refreshWithToken(c);
            return;
        }
        RefreshHandler handler = node.refreshHandler();
        if (handler == null) {
            replyError(c, ReplyError.NOT_AVAILABLE);
            return;
        }
        if (c.token() == null || c.token().isEmpty()) {
            badRequest("refresh without token");
            return;
        }
        byte[] reply;
        try {
            Duration ttl = handler.refresh(user, c.token());
            long seconds = ttl == null ? 0 : ttl.toSeconds();
            if (seconds <= 0) {
                reply = errorReply(c.id(), new ReplyError(109, "token expired", false));
            } else {
                reply = replyFormat.refresh(c.id(), clientId, settings.serverVersion(), seconds);
            }
        } catch (CommandRejectedException e) {
            reply = errorReply(c.id(), new ReplyError(e.code(), String.valueOf(e.getMessage()), e.temporary()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "refresh handler failed (user " + user.id() + ")", e);
            reply = errorReply(c.id(), ReplyError.INTERNAL);
        }
        replies.reply(reply, null);
    }

    // ---- tokens (TokenChecks decides; here the session acts) -------------------------------

    /** A token refused: closes (on this command thread) or replies the error. */
    private void refuse(Command c, TokenChecks.Checked<?> refusal) {
        if (refusal.close() != null) {
            close(refusal.close(), true);
        } else {
            replyError(c, requireNonNull(refusal.error(), "a refusal without close has an error"));
        }
    }

    /** refresh with a {@link TokenVerifier}: a valid token of the same user moves the expiry. */
    private void refreshWithToken(Command c) {
        if (c.token() == null || c.token().isEmpty()) {
            badRequest("refresh without token");
            return;
        }
        TokenChecks.Checked<ConnectToken> checked =
                TokenChecks.refresh(requireNonNull(node.tokenVerifier(), "refresh checked it"), c.token(), user, clientId);
        if (!checked.accepted()) {
            refuse(c, checked);
            return;
        }
        long ttl = 0;
        if (checked.value().expiresAt() == null) {
            expiresAtMillis = 0;
            cancel(expiryCheck);
        } else {
            expiresAtMillis = checked.value().expiresAt().toEpochMilli();
            ttl = TokenChecks.ttlSeconds(expiresAtMillis);
            armConnectionExpiry();
        }
        replies.reply(replyFormat.refresh(c.id(), clientId, settings.serverVersion(), ttl), null);
    }

    /** sub_refresh: a new subscription token of a subscribed channel that needs one moves its expiry. */
    private void subRefresh(Command c) {
        if (node.tokenVerifier() == null) {
            replyError(c, ReplyError.NOT_AVAILABLE);
            return;
        }
        OrgChannel channel = channelOf(c);
        if (channel == null) {
            return;
        }
        SessionChannel subscriber = channels.get(channel);
        if (subscriber == null || !node.subscriptionTokenRequired(channel)) {
            replyError(c, ReplyError.NOT_AVAILABLE); // not subscribed, or a channel without tokens
            return;
        }
        TokenChecks.Checked<Long> checked =
                TokenChecks.subscription(node.tokenVerifier(), c.token(), user, c.channel(), clientId);
        if (!checked.accepted()) {
            refuse(c, checked);
            return;
        }
        long expiresAt = checked.value();
        subscriber.expiresAtMillis(expiresAt);
        long ttl = expiresAt > 0 ? TokenChecks.ttlSeconds(expiresAt) : 0;
        replies.reply(replyFormat.subRefresh(c.id(), ttl), null);
        if (ttl > 0) {
            armChannelExpiry(subscriber);
        }
    }

    /** (Re)schedules the connection's expiry check for its expiry plus the grace. */
    private void armConnectionExpiry() {
        cancel(expiryCheck);
        long delay = expiresAtMillis + settings.tokenExpiryGrace().toMillis() - System.currentTimeMillis();
        try {
            expiryCheck = timers
                    .schedule(safely(this::checkConnectionExpiry), Math.max(0, delay), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return; // the timer pool is shutting down
        }
        if (state.get() == State.CLOSED) {
            cancel(expiryCheck);
        }
    }

    /** Timer: closes with 3005 when the connection's expiry plus the grace passed without a refresh. */
    private void checkConnectionExpiry() {
        long at = expiresAtMillis;
        if (state.get() == State.CONNECTED && at > 0
                && System.currentTimeMillis() >= at + settings.tokenExpiryGrace().toMillis()) {
            LOG.log(Level.DEBUG, () -> "client " + clientId + " of user " + user.id()
                    + " closed with 3005: its token expired");
            close(Disconnect.EXPIRED, false);
        }
    }

    /**
     * Schedules a check at the channel's subscription expiry plus the grace; an earlier check
     * that finds the subscription refreshed meanwhile does nothing.
     */
    private void armChannelExpiry(SessionChannel subscriber) {
        long delay = subscriber.expiresAtMillis() + settings.tokenExpiryGrace().toMillis() - System.currentTimeMillis();
        try {
            timers.schedule(safely(() -> checkChannelExpiry(subscriber)), Math.max(0, delay),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the timer pool is shutting down, and the session with it
        }
    }

    /**
     * Timer: a subscription past its expiry plus the grace without sub_refresh ends with
     * unsubscribe 2501, on which the client subscribes again with a new token.
     */
    private void checkChannelExpiry(SessionChannel subscriber) {
        long at = subscriber.expiresAtMillis();
        if (state.get() != State.CONNECTED || at <= 0
                || System.currentTimeMillis() < at + settings.tokenExpiryGrace().toMillis()) {
            return;
        }
        if (!channels.remove(subscriber.channel(), subscriber)) {
            return; // unsubscribed meanwhile
        }
        subscriber.release(true); // nothing of the channel follows the unsubscribe push
        emit(new OutboundFrame(replyFormat.unsubscribePush(subscriber.channel().wireName(), UNSUBSCRIBE_EXPIRED,
                "subscription expired")));
    }

    private void send(Command c) {
        ClientSendHandler handler = node.clientSendHandler();
        if (handler == null) {
            return;
        }
        try {
            handler.onSend(user, c.data() == null ? RawJson.EMPTY_OBJECT : c.data());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "send handler failed (user " + user.id() + ")", e);
        }
    }

    /** The command's channel in the user's org, or null after replying 400 or 103. */
    private @Nullable OrgChannel channelOf(Command c) {
        OrgChannel channel;
        try {
            channel = OrgChannel.parseWire(c.channel());
        } catch (InvalidChannelException e) {
            replyError(c, ReplyError.invalidChannel(e.getMessage()));
            return null;
        }
        if (channel.orgId() != user.orgId()) {
            replyError(c, ReplyError.PERMISSION_DENIED);
            return null;
        }
        return channel;
    }

    private static ReplyError errorOf(HandlerStatus status) {
        return switch (status) {
            case NOT_FOUND -> ReplyError.NOT_FOUND;
            case PERMISSION_DENIED -> ReplyError.FORBIDDEN;
            case OK -> ReplyError.INTERNAL;
        };
    }

    private void tooManyRequests(Command c) {
        metrics.recordCommandRateLimited();
        if (c.id() != 0) { // a send has no reply to carry the error
            replyError(c, ReplyError.TOO_MANY_REQUESTS);
        }
    }

    private void replyError(Command c, ReplyError error) {
        replies.reply(errorReply(c.id(), error), null);
    }

    /** An error reply, counted by code. */
    private byte[] errorReply(long id, ReplyError error) {
        metrics.recordCommandError(error.code());
        return replyFormat.error(id, error);
    }

    private void badRequest(String detail) {
        close(Disconnect.badRequest(detail), true);
    }

    // ---- outbound -------------------------------------------------------------------------

    private void emit(OutboundFrame message) {
        if (!outbound.offer(message)) {
            closeSlow();
        }
    }

    /** Outbound queue over its limit: close 3008, log once with who it was, count it. */
    private void closeSlow() {
        if (state.get() == State.CLOSED) {
            return;
        }
        close(Disconnect.SLOW, false);
        metrics.recordSlowClientClosed();
        LiveUser u = user;
        String who = u == null ? "not yet connected" : "of user " + u.login() + " (org " + u.orgId() + ")";
        LOG.log(Level.WARNING, () -> "closed client " + clientId + " " + who + " with 3008 slow: more than "
                + settings.outboundQueueBytes() + " bytes waited to be written to it;"
                + " it reconnects on its own (raise outboundQueueBytes if its link is slow but healthy)");
    }

    private final OutboundQueue.Listener queueListener = new OutboundQueue.Listener() {
        @Override
        public void onSendFailure(Throwable failure) {
            LOG.log(Level.DEBUG, () -> "write to client " + clientId + " failed: " + failure);
            close(Disconnect.WRITE_ERROR, false);
            releaseLater(); // also when a shutdown or close took the state first: the queue is dead either way
        }

        @Override
        public void onAdvisoryDropped() {
            metrics.recordAdvisoryPushDropped();
        }

        @Override
        public void onFrameTaken(int messages, int bytes) {
            metrics.recordFrameSent(messages, bytes);
        }

        @Override
        public void onQueued(int queuedBytes) {
            metrics.recordQueueBytes(queuedBytes);
        }
    };

    // ---- timers ---------------------------------------------------------------------------

    private void onConnectDeadline() {
        if (state.get() == State.CONNECTING) {
            close(Disconnect.STALE, true);
        }
    }

    /** What the node's {@link PingWheel} calls, on its timer thread. */
    private final PingWheel.Member pingMember = new PingWheel.Member() {
        @Override
        public void pingDue() {
            pingTick();
        }

        @Override
        public void pongDue() {
            checkPong();
        }
    };

    private void pingTick() {
        if (state.get() != State.CONNECTED) {
            cancelPings();
            return;
        }
        @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: the wheel's ticks run one at a time
        long sent = pingsSent + 1;
        pingsSent = sent;
        emit(protocol.ping());
        for (SessionChannel subscriber : channels.values()) {
            if (subscriber.presence()) {
                subscriber.whileMember(() -> addPresence(subscriber.channel())); // not after an unsubscribe's leave
            }
        }
    }

    /** The pong timeout after the last ping: without its pong the client is gone (3012). */
    private void checkPong() {
        if (state.get() == State.CONNECTED && pongsReceived < pingsSent) {
            close(Disconnect.NO_PONG, true);
        }
    }

    private void cancelPings() {
        PingWheel.Registration r = pings;
        if (r != null) {
            r.cancel();
        }
    }

    // ---- closing --------------------------------------------------------------------------

    /**
     * Closes once: drops queued output, closes the transport, releases everything. When
     * {@code inline} (only the connection's own command thread) the work runs here; otherwise
     * (a hub dispatch thread, a container callback, a timer) it moves to the timer pool.
     */
    private void close(Disconnect reason, boolean inline) {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        metrics.recordDisconnect(reason.code());
        outbound.close();
        Runnable work = () -> {
            closeTransport(reason);
            cleanup();
        };
        if (inline) {
            work.run();
        } else {
            runOnTimers(work);
        }
    }

    private void closeTransport(Disconnect reason) {
        closeTransport(reason, false);
    }

    /** Closes the transport ({@code now}: even with a send in flight), logging what it throws. */
    private void closeTransport(Disconnect reason, boolean now) {
        try {
            if (now) {
                transport.abort(reason.code(), reason.reason());
            } else {
                transport.close(reason.code(), reason.reason());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "closing client " + clientId + " failed: " + e);
        }
    }

    /** The release, on the timer pool (inline only once the pool was shut down). */
    private void releaseLater() {
        if (cleanedUp.get()) {
            return;
        }
        runOnTimers(this::cleanup);
    }

    /**
     * Runs {@code work} on the timer pool; once that pool was shut down, on the common pool, but
     * never inline: the caller may be a transport callback on another connection's stack.
     */
    private void runOnTimers(Runnable work) {
        Runnable task = safely(work);
        try {
            timers.execute(task);
        } catch (RejectedExecutionException e) {
            ForkJoinPool.commonPool().execute(task);
        }
    }

    private void cleanup() {
        if (!cleanedUp.compareAndSet(false, true)) {
            return;
        }
        try {
            cancel(connectDeadline);
            cancelPings();
            cancel(expiryCheck);
            cleanupChannels();
        } finally {
            released = true;
            node.sessions().remove(this);
            metrics.recordConnectionClosed();
        }
    }

    /** Wraps a timer task so that what it throws is logged, never propagated into the pool. */
    private Runnable safely(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                LOG.log(Level.ERROR, "timer task of client " + clientId + " failed; the session goes on", e);
            }
        };
    }

    private void cleanupChannels() {
        for (SessionChannel subscriber : channels.values()) {
            channels.remove(subscriber.channel(), subscriber);
            subscriber.release(false); // the session is closed: late pushes are dropped by its queue
        }
    }

    private static void cancel(@Nullable ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void addPresence(OrgChannel channel) {
        try {
            node.hub().presence().add(channel, info);
        } catch (RuntimeException e) {
            PRESENCE_FAILURES.log(() -> "presence of client " + clientId + " in " + channel + " not recorded: " + e);
        }
    }

    /**
     * Whether a join or leave in {@code channel} is announced: not when more than
     * {@link LiveSettings#joinLeaveMaxMembers()} subscribers of it are on this node (counting
     * the one joining, not the one that left). Logs when a join crosses the limit.
     */
    private boolean joinLeaveAnnounced(OrgChannel channel, boolean join) {
        int max = settings.joinLeaveMaxMembers();
        if (max < 0) {
            return true;
        }
        int members = node.localSubscribers().count(channel);
        if (members <= max) {
            return true;
        }
        metrics.recordJoinLeaveSuppressed();
        if (join && members == max + 1) {
            LOG.log(Level.INFO, () -> channel + " has more than " + max + " subscribers on this node: joins and leaves"
                    + " are not announced until it has fewer (presence stays exact; see joinLeaveMaxMembers)");
        }
        return false;
    }

    private void announce(Publication joinOrLeave) {
        try {
            node.hub().publish(joinOrLeave).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.log(Level.DEBUG, joinOrLeave.kind() + " in " + joinOrLeave.channel() + " not published: " + failure);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, joinOrLeave.kind() + " in " + joinOrLeave.channel() + " not published: " + e);
        }
    }

    // ---- SessionChannel.Owner ---------------------------------------------------------------

    private final class ChannelOwner implements SessionChannel.Owner {
        @Override
        public void push(OutboundFrame message) {
            emit(message);
        }

        @Override
        public void overflow() {
            closeSlow();
        }

        @Override
        public void left(SessionChannel channel) {
            if (channel.presence()) {
                try {
                    node.hub().presence().remove(channel.channel(), clientId);
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "presence of client " + clientId + " in " + channel.channel() + " not removed: " + e);
                }
            }
            // only a join that was announced gets its leave: no leave for a member nobody saw arrive
            if (channel.wasJoinAnnounced() && joinLeaveAnnounced(channel.channel(), false)) {
                announce(Publication.leave(channel.channel(), info));
            }
        }

        @Override
        public void insufficientState(SessionChannel channel) {
            // off the dispatch thread: the release waits for the channel's dispatches
            runOnTimers(() -> {
                if (state.get() == State.CLOSED || !channels.remove(channel.channel(), channel)) {
                    return;
                }
                channel.release(true);
                emit(replyFormat.insufficientState(channel.channel().wireName()));
                metrics.recordInsufficientState();
            });
        }
    }
}
