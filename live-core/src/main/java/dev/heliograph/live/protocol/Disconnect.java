package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Why the server closes a client connection: the WebSocket close code and a short reason, as
 * the Centrifuge clients read them. Codes 3500-3999 and 4500-4999 (and 1009) stop the client;
 * other codes from 3000 make it reconnect. Immutable.
 *
 * @param code   the WebSocket close code
 * @param reason a short reason (a close frame holds at most 123 bytes)
 */
public record Disconnect(int code, String reason) {

    /** The host or node is shutting down; the client reconnects. */
    public static final Disconnect SHUTDOWN = new Disconnect(3001, "shutdown");
    /** An unexpected server error; the client reconnects. */
    public static final Disconnect INTERNAL = new Disconnect(3004, "internal server error");
    /** The connection token expired and no refresh came in time; the client reconnects with a new token. */
    public static final Disconnect EXPIRED = new Disconnect(3005, "connection expired");
    /** The outbound queue went over its limit; the client reconnects. */
    public static final Disconnect SLOW = new Disconnect(3008, "slow");
    /** Writing to the connection failed. */
    public static final Disconnect WRITE_ERROR = new Disconnect(3009, "write error");
    /** No pong arrived in time after a ping; the client reconnects. */
    public static final Disconnect NO_PONG = new Disconnect(3012, "no pong");
    /** A connection token that is not valid (signature, algorithm, claims) or names another user; terminal. */
    public static final Disconnect INVALID_TOKEN = new Disconnect(3500, "invalid token");
    /** A malformed or out-of-place command; terminal. */
    public static final Disconnect BAD_REQUEST = new Disconnect(3501, "bad request");
    /** No connect command arrived in time after the upgrade; terminal. */
    public static final Disconnect STALE = new Disconnect(3502, "stale");
    /** The node's connection limit is reached; terminal. */
    public static final Disconnect CONNECTION_LIMIT = new Disconnect(3504, "connection limit");
    /** An inbound message was larger than the message size limit; terminal. */
    public static final Disconnect MESSAGE_TOO_BIG = new Disconnect(1009, "message too big");

    public Disconnect {
        requireNonNull(reason, "reason");
    }

    /**
     * Whether a client told this reconnects: codes 3500-3999 and 4500-4999 (and the 1009 of a
     * too large message) stop it.
     */
    public boolean reconnect() {
        return !((code >= 3500 && code < 4000) || (code >= 4500 && code < 5000) || code == 1009);
    }

    /**
     * This disconnect as a push, {@code {"push":{"disconnect":{"code":N,"reason":"...","reconnect":B}}}}:
     * how a transport with no close code of its own (HTTP-streaming, SSE) tells the client why
     * its connection ends, as the last message before the response ends.
     */
    public byte[] toPush() {
        return new JsonBytes(64 + reason.length())
                .ascii("{\"push\":{\"disconnect\":{\"code\":")
                .number(code)
                .ascii(",\"reason\":")
                .string(reason)
                .ascii(reconnect() ? ",\"reconnect\":true}}}" : ",\"reconnect\":false}}}")
                .toByteArray();
    }

    /** A bad request (3501) whose reason says what was wrong, cut to fit a close frame. */
    public static Disconnect badRequest(@Nullable String detail) {
        return new Disconnect(BAD_REQUEST.code, fit("bad request: " + detail));
    }

    /** Cuts a reason to the 123 bytes a close frame can carry. */
    static String fit(String reason) {
        if (reason.length() <= 40) {
            return reason;
        }
        byte[] utf8 = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (utf8.length <= 123) {
            return reason;
        }
        int end = 120;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(utf8, 0, end, java.nio.charset.StandardCharsets.UTF_8) + "...";
    }
}
